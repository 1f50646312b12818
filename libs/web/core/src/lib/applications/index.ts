// Filled by the applications pages' work: data services and pure view helpers.
export {};
