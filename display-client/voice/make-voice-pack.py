#!/usr/bin/env python3
"""Builds the Vietnamese voice pack the lobby screen announces calls with: one short WAV clip per word or phrase,
plus a chime, and manifest.json mapping each Vietnamese word to its file.

Run once by a developer (not by the build): needs the Debian packages espeak-ng and sox.
    python3 display-client/voice/make-voice-pack.py
To use recorded clips instead, record each word of WORDS (a calm voice, 22.05 kHz mono WAV, no silence around it),
name each file as manifest.json says, and replace the files in the output folder; the screens need no change.
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import unicodedata

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/main/resources/luot-web/display/voice/vi"

PHRASES = ["mời công dân có số", "đến quầy số", "xin mời", "mời", "số", "quầy", "đến"]
DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
NUMBER_WORDS = ["mười", "mươi", "mốt", "tư", "lăm", "linh", "lẻ", "trăm", "nghìn"]
# Letter names as words.js says them (LETTERS); spoken with the hyphen as a pause.
LETTERS = ["a", "bê", "xê", "dê", "e", "ép", "giê", "hát", "i", "gi", "ca", "e-lờ", "em-mờ", "en-nờ", "o", "pê",
           "quy", "e-rờ", "ét-xì", "tê", "u", "vê", "vê kép", "ích-xì", "i dài", "dét"]
WORDS = PHRASES + DIGITS + NUMBER_WORDS + LETTERS

TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
SHAPES = {"\u0302": "double", "\u0306": "w", "\u031b": "w"}


def telex(word):
    """An ASCII file name that keeps every Vietnamese distinction: mười → muowif, mươi → muowi, một → mootj."""
    syllables = []
    for syllable in word.replace("-", " ").split():
        out, tone = "", ""
        for ch in syllable:
            if ch in "đĐ":
                out += "dd"
                continue
            base, *marks = unicodedata.normalize("NFD", ch)
            piece = base
            for m in marks:
                if m in TONES:
                    tone = TONES[m]
                elif SHAPES.get(m) == "double":
                    piece = base + base
                elif SHAPES.get(m) == "w":
                    piece = base + "w"
            out += piece
        syllables.append(out + tone)
    return "-".join(syllables).lower()


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def speak(text, target):
    with tempfile.TemporaryDirectory() as tmp:
        raw = pathlib.Path(tmp) / "raw.wav"
        run("espeak-ng", "-v", "vi", "-s", "140", "-w", str(raw), text.replace("-", " "))
        # Trim silence at both ends, level the loudness, and settle on 22.05 kHz mono 16-bit.
        run("sox", str(raw), "-r", "22050", "-c", "1", "-b", "16", str(target),
            "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse",
            "norm", "-1", "pad", "0", "0.06")


def chime(target):
    # Two soft bell tones (E5 then C5), the "ding-dong" halls are used to.
    with tempfile.TemporaryDirectory() as tmp:
        a, b = pathlib.Path(tmp) / "a.wav", pathlib.Path(tmp) / "b.wav"
        run("sox", "-n", "-r", "22050", "-c", "1", "-b", "16", str(a), "synth", "0.45", "sine", "659.25", "fade", "0", "0.45", "0.4", "vol", "0.6")
        run("sox", "-n", "-r", "22050", "-c", "1", "-b", "16", str(b), "synth", "0.8", "sine", "523.25", "fade", "0", "0.8", "0.7", "vol", "0.6")
        run("sox", str(a), str(b), str(target), "pad", "0", "0.25")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for word in WORDS:
        name = telex(word) + ".wav"
        if name in manifest.values():
            sys.exit("two words share the file name " + name)
        speak(word, OUT / name)
        manifest[word] = name
    chime(OUT / "chime.wav")
    manifest["chime"] = "chime.wav"
    (OUT / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(manifest)} clips in {OUT}")


if __name__ == "__main__":
    main()
