/** Stylesheets are imported for their side effect; the build bundles them into one CSS file. */
declare module '*.css';
