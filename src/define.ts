// The only module with a side effect: it registers the package's custom elements.
export {};
