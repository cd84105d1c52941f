import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

/**
 * One build for every browser page: the kiosk, the hall display, the counter and supervisor consoles and
 * the phone page behind the ticket QR code. They share React and the `ui/` kit through common chunks.
 * Output goes to `dist/web/<page>/index.html`; the server maps `/kiosk`, `/display`, … onto it. Files in
 * `ui/public/` (the favicon) are copied to `dist/web/` as they are and served at the site root.
 */
const root = resolve(import.meta.dirname);
const ALL_PAGES = {
  kiosk: 'kiosk/index.html',
  display: 'display/index.html',
  counter: 'console/counter/index.html',
  supervisor: 'console/supervisor/index.html',
  phone: 'kiosk/phone/index.html',
  city: 'central/city/index.html',
};
/** `PAGES=kiosk,phone npx vite build` rebuilds only some pages (and keeps the others' output). */
const only = process.env.PAGES?.split(',').filter((p) => p in ALL_PAGES);
const pages = Object.fromEntries(
  Object.entries(ALL_PAGES)
    .filter(([k]) => !only || only.includes(k))
    .map(([k, v]) => [k, resolve(root, v)]),
);
export default defineConfig({
  root,
  base: '/',
  publicDir: resolve(root, 'ui/public'),
  plugins: [react()],
  build: {
    outDir: resolve(root, 'dist/web'),
    emptyOutDir: !only,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: pages,
    },
  },
});
