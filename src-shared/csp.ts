/**
 * The one content security policy, shared by the desktop window (response header and the
 * meta tag in src-renderer/index.html) and the headless host's static files.
 *
 * - scripts only from the app itself: no inline script, no eval;
 * - styles from the app plus inline styles, which Mantine sets on elements and in
 *   <style> tags it injects at runtime (CSS-in-JS variables);
 * - data only to the app's own origin (the host's bridge is same-origin; IPC needs none);
 * - no plugins, no <base>, no form posts, no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
