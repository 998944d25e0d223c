// Where the browsers under test are: Debian's packages, or the environment's choice.
// Apart from the launchers so `npm start` can check for them without loading a driver.

/** Debian's Chromium (package chromium), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's Firefox ESR (package firefox-esr), or FIREFOX_PATH. */
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
