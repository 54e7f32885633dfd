// Stylesheets are imported for their side effect (bundlers inject them); they export nothing.
declare module '*.css';
// `?inline` gives the processed stylesheet as a string (the custom element adopts it).
declare module '*.css?inline' {
  const css: string;
  export default css;
}
