/* global SwaggerUIBundle */
// Starts Swagger UI on the API reference page. A file of its own, not an inline script, so the
// page's Content-Security-Policy can refuse every inline script.
SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // The base layout: the standalone one adds a top bar for loading other documents.
  layout: 'BaseLayout',
  presets: [SwaggerUIBundle.presets.apis],
  // The public validator is another site: the page talks to its own origin only.
  validatorUrl: null,
  // A key typed into "Authorize" is kept in memory, never in localStorage.
  persistAuthorization: false,
  displayRequestDuration: true,
});
