import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

/**
 * One build for every browser page: the kiosk, the hall display, the counter and supervisor consoles and
 * the phone page behind the ticket QR code. They share React and the `ui/` kit through common chunks.
 * Output goes to `dist/web/<page>/index.html`; the server maps `/kiosk`, `/display`, … onto it.
 */
const root = resolve(import.meta.dirname);
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(root, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        kiosk: resolve(root, 'kiosk/index.html'),
        display: resolve(root, 'display/index.html'),
        counter: resolve(root, 'console/counter/index.html'),
        supervisor: resolve(root, 'console/supervisor/index.html'),
        phone: resolve(root, 'kiosk/phone/index.html'),
      },
    },
  },
});
