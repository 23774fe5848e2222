declare const __CAIRN_VERSION__: string;

/** The web app's version (web/package.json), sent with feedback and error reports. */
export const APP_VERSION: string = typeof __CAIRN_VERSION__ === "string" ? __CAIRN_VERSION__ : "dev";
