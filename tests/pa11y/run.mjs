// Runs pa11y (HTML_CodeSniffer, WCAG 2 AA) on every address given, in one Chromium, and prints a JSON object:
// { address: [issues] }. Usage: node run.mjs <chromium> <flags, space-separated> <hidden selectors> <address>…
// tests/test_validators.py calls it with Debian's Chromium and the selectors of the theme's own markup it hides.
// A few pages are checked at a time, each in its own tab: pa11y waits on each page's loading and scripts.
import pa11y from "pa11y";
import puppeteer from "puppeteer";

const TABS = 3;
const [executablePath, flags, hideElements, ...addresses] = process.argv.slice(2);
const browser = await puppeteer.launch({ executablePath, args: flags.split(" ") });
const found = {};
try {
  const waiting = [...addresses];
  const tab = async () => {
    for (let address = waiting.shift(); address !== undefined; address = waiting.shift()) {
      const result = await pa11y(address, { browser, hideElements, standard: "WCAG2AA", timeout: 60000 });
      found[address] = result.issues.map(({ code, selector, message }) => ({ code, selector, message }));
    }
  };
  await Promise.all(Array.from({ length: TABS }, tab));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(Object.fromEntries(addresses.map(address => [address, found[address]]))));
