// Filled by the calls pages' work: data services and pure view helpers.
export {};
