/**
 * A page's URL as text, and a link to it only when it is http(s): URLs are sent by anyone
 * holding the public write key, so any other scheme (javascript:, data:) stays plain text.
 */
export function PageLink({ url }: { url: string }) {
  const target = httpUrl(url);
  if (target === undefined) return <span class="page-url">{url}</span>;
  return (
    <a class="page-url" href={target} target="_blank" rel="noopener noreferrer nofollow">
      {url}
    </a>
  );
}

export function httpUrl(text: string): string | undefined {
  if (!URL.canParse(text)) return undefined;
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}
