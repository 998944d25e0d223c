// Stylesheets imported for their side effect: esbuild emits them beside the script.
declare module '*.css';
