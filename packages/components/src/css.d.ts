// Stylesheets are imported for their side effect (bundlers inject them); they export nothing.
declare module '*.css';
