// Launches the system browsers on the battery page of server.mjs and waits for the digests they post.
// Chromium (Debian `chromium`) is driven by playwright-core; Firefox (Debian `firefox-esr`) is started
// directly in headless mode with a fresh profile, because Playwright's Firefox needs a patched build.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = "/usr/bin/chromium";
export const FIREFOX = "/usr/bin/firefox-esr";
export const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];

/** Runs the battery in Chromium; resolves with the page's report. */
export async function runChromium(server, { timeoutMs = 60_000 } = {}) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: timeoutMs });
  try {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on("pageerror", (err) => pageErrors.push(err.message));
    const report = server.report("chromium", timeoutMs);
    await page.goto(server.url("chromium"), { timeout: timeoutMs });
    const message = await report.catch((err) => ({ error: `${err.message}${pageErrors.length ? `; page errors: ${pageErrors.join("; ")}` : ""}` }));
    return { ...message, version: browser.version() };
  } finally {
    await browser.close();
  }
}

// Prefs for a quiet, offline, throwaway profile: no first-run pages, updates, telemetry or safe-browsing.
const FIREFOX_PREFS = {
  "browser.shell.checkDefaultBrowser": false,
  "browser.startup.homepage_override.mstone": "ignore",
  "browser.startup.page": 0,
  "browser.aboutwelcome.enabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "datareporting.healthreport.uploadEnabled": false,
  "toolkit.telemetry.enabled": false,
  "toolkit.telemetry.reportingpolicy.firstRun": false,
  "app.update.auto": false,
  "app.update.enabled": false,
  "app.normandy.enabled": false,
  "extensions.update.enabled": false,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "browser.newtabpage.enabled": false,
  "browser.tabs.warnOnClose": false,
};

/** Runs the battery in headless Firefox with a fresh profile; resolves with the page's report. */
export async function runFirefox(server, { timeoutMs = 60_000 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "stochasm-firefox-"));
  writeFileSync(join(profile, "user.js"), Object.entries(FIREFOX_PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(""));
  const report = server.report("firefox", timeoutMs);
  // Its own process group, so the whole browser (content processes included) is stopped by its id.
  const child = spawn(FIREFOX, ["--headless", "--no-remote", "--new-instance", "--profile", profile, server.url("firefox")], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, MOZ_HEADLESS: "1", MOZ_CRASHREPORTER_DISABLE: "1", HOME: profile },
  });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr = (stderr + d).slice(-2000); });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const early = exited.then((code) => ({ error: `firefox exited (code ${code}) before reporting: ${stderr.trim()}` }));
  try {
    const message = await Promise.race([report.catch((err) => ({ error: `${err.message}; stderr: ${stderr.trim()}` })), early]);
    return { ...message, version: await firefoxVersion() };
  } finally {
    stopGroup(child);
    let timer;
    await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(resolve, 5000); })]);
    clearTimeout(timer);
    rmSync(profile, { recursive: true, force: true });
  }
}

function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
    setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ } }, 3000).unref();
  } catch { /* already gone */ }
}

function firefoxVersion() {
  return new Promise((resolve) => {
    const p = spawn(FIREFOX, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    p.stdout.on("data", (d) => { out += d; });
    p.once("exit", () => resolve(out.trim()));
    p.once("error", () => resolve("unknown"));
  });
}

/** Whether a browser binary is installed. */
export const installed = (path) => existsSync(path);
