// Filled by the collaboration pages' work: data services and pure view helpers.
export {};
