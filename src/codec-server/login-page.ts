/** The codec server's sign-in page: the only HTML it serves, with nothing from the request echoed into it. */
const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function loginPage(state: { allowedOrigin: string; failed?: boolean; signedIn?: boolean }): string {
  const message = state.signedIn
    ? `<p>Signed in. In the Temporal Web UI at ${escape(state.allowedOrigin)}, open the codec server settings and tick
       "Include cross-origin credentials"; payloads then show decrypted.</p>`
    : `${state.failed ? '<p><strong>Wrong token.</strong></p>' : ''}
       <form method="post" action="/login">
         <label>Codec server token <input type="password" name="token" autocomplete="off" required></label>
         <button type="submit">Sign in</button>
       </form>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Payload codec sign-in</title></head>
<body><h1>signon-token-rotation payload codec</h1>${message}</body></html>`;
}
