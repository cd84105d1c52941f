#!/usr/bin/env bash
# Regenerates the offline voice clips in display/src/assets/voice/ (development time only; the app never runs
# espeak). Needs: apt-get install -y espeak-ng sox libsox-fmt-mp3.
#
# Why `cmn-latn-pinyin` for Chinese words: Debian's espeak-ng 1.51 `cmn` voice reads its pinyin-with-tone
# dictionary entries through English rules ("请" comes out as "king three"); the pinyin variant pronounces
# them as Mandarin. Letters use `cmn` on purpose: it says them the way Chinese halls do (A "诶", B "必").
set -euo pipefail
OUT="$(cd "$(dirname "$0")/../src/assets/voice" && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
SPEED=175

# espeak → trim leading/trailing silence → normalise → 16 kHz mono MP3 (32 kbit/s), 40 ms tail for pacing.
clip() { # name voice text
  espeak-ng -v "$2" -s "$SPEED" -p 45 -w "$TMP/$1.wav" "$3"
  sox "$TMP/$1.wav" -r 16000 -c 1 "$TMP/$1.t.wav" silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse norm -1 pad 0 0.04
  sox "$TMP/$1.t.wav" -C 32 "$OUT/$1.mp3"
}

digits=(零 一 二 三 四 五 六 七 八 九)
for i in "${!digits[@]}"; do clip "d$i" cmn-latn-pinyin "${digits[$i]}"; done
clip ten cmn-latn-pinyin 十
for l in {A..Z}; do clip "l$l" cmn "$l"; done
clip p-qing cmn-latn-pinyin 请
clip p-hao cmn-latn-pinyin 号
clip p-dao cmn-latn-pinyin 到
clip p-hao-chuangkou-banli cmn-latn-pinyin 号窗口办理
clip p-chuangkou cmn-latn-pinyin 窗口
clip p-banli cmn-latn-pinyin 办理
clip p-qianwang cmn-latn-pinyin 前往

# Chime (叮咚): two plucked bell tones, low-passed to soften them, E5 then C5, the second starting 0.38 s in, with a soft fade.
sox -n -r 16000 -c 1 "$TMP/ding.wav" synth 0.8 pluck 659.25 fade l 0 0.8 0.7 vol 0.9
sox -n -r 16000 -c 1 "$TMP/dong.wav" synth 1.0 pluck 523.25 fade l 0 1.0 0.9 vol 0.9 pad 0.38 0
sox -m "$TMP/ding.wav" "$TMP/dong.wav" "$TMP/chime.wav" lowpass 2500 norm -3 pad 0 0.15
sox "$TMP/chime.wav" -C 48 "$OUT/chime.mp3"

du -ch "$OUT"/*.mp3 | tail -1
