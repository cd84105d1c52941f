/**
 * Voice guidance for elderly mode: the browser's speech synthesis in zh-CN (offline voices on the kiosk
 * image). Fails silently where there is no voice: guidance is a help, never a requirement.
 */
export function speak(text: string, lang: 'zh' | 'en' = 'zh'): void {
  try {
    const synth = globalThis.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
    synth.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang === 'zh' ? 'zh-CN' : 'en-US';
    u.rate = 0.9;
    const voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(lang === 'zh' ? 'zh' : 'en'));
    if (voice) u.voice = voice;
    synth.speak(u);
  } catch {
    // no speech on this machine
  }
}

export function stopSpeaking(): void {
  try {
    globalThis.speechSynthesis?.cancel();
  } catch {
    /* nothing to stop */
  }
}
