// Announcements, one after another and never dropped: a chime, then the call in Vietnamese — from the shipped
// voice pack (short clips played back to back, no internet and no installed voice needed) or, where the operator
// chooses it, from the browser's vi-VN speech synthesis.

import { announcementText, announcementWords } from "./words.js";

/**
 * The clip files for a list of words: a whole phrase when the pack has it, otherwise word by word.
 * Words the pack lacks are left out (and reported), so a missing clip never blocks the queue.
 */
export function clipSequence(words, manifest) {
  const files = [];
  const missing = [];
  for (const word of words) {
    if (manifest[word]) {
      files.push(manifest[word]);
      continue;
    }
    for (const part of word.split(/\s+/)) {
      if (manifest[part]) files.push(manifest[part]);
      else missing.push(part);
    }
  }
  return { files, missing };
}

export class Announcer {
  /**
   * @param options.baseUrl   where the voice pack lives (manifest.json and the clips)
   * @param options.settings  the center's announcement settings (template, numberReading, voice, repeat)
   * @param options.onBlocked called once when the browser refuses to play sound until someone touches the screen
   * @param options.onPlayed  called with each announcement's clip list once played (for the operator's log and tests)
   */
  constructor({ baseUrl, settings = {}, onBlocked, onPlayed } = {}) {
    this.baseUrl = baseUrl;
    this.settings = settings;
    this.onBlocked = onBlocked || (() => {});
    this.onPlayed = onPlayed || (() => {});
    this.queue = [];
    this.playing = false;
    this.blocked = false;
    this.manifest = null;
    this.audio = new Map();
  }

  async load() {
    const response = await fetch(this.baseUrl + "manifest.json", { cache: "no-cache" });
    if (!response.ok) throw new Error("voice pack manifest: HTTP " + response.status);
    this.manifest = await response.json();
    for (const file of new Set(Object.values(this.manifest))) this.element(file); // preload every clip
    this.pump(); // calls that came in while the manifest was loading
  }

  /** Queues a call ({number, counter, recall}); plays when the ones before it are done. */
  enqueue(call) {
    this.queue.push(call);
    this.pump();
  }

  /** After the person's touch that browsers require before sound. */
  unlock() {
    this.blocked = false;
    this.pump();
  }

  async pump() {
    if (this.playing || this.blocked || !this.manifest) return;
    const call = this.queue[0];
    if (!call) return;
    this.playing = true;
    try {
      const played = await this.announce(call);
      this.queue.shift();
      this.onPlayed({ call, clips: played });
    } catch (e) {
      if (e && e.name === "NotAllowedError") {
        this.blocked = true;
        this.onBlocked();
      } else {
        this.queue.shift(); // a broken clip must not stop every later call
        this.onPlayed({ call, clips: [], error: String(e) });
      }
    } finally {
      this.playing = false;
    }
    if (!this.blocked) this.pump();
  }

  async announce(call) {
    const voice = this.settings.voice || "clips";
    const repeat = Math.max(1, this.settings.repeat || 1);
    if (voice === "off") return [];
    const played = [];
    for (let i = 0; i < repeat; i++) {
      if (this.manifest.chime) {
        await this.play(this.manifest.chime);
        played.push(this.manifest.chime);
      }
      if (voice === "speech" && (await this.speak(announcementText(call, this.settings)))) {
        played.push("speech:" + announcementText(call, this.settings));
        continue;
      }
      const { files } = clipSequence(announcementWords(call, this.settings), this.manifest);
      for (const file of files) {
        await this.play(file);
        played.push(file);
      }
    }
    return played;
  }

  element(file) {
    let a = this.audio.get(file);
    if (!a) {
      a = new Audio(this.baseUrl + file);
      a.preload = "auto";
      this.audio.set(file, a);
    }
    return a;
  }

  /** Plays one clip to its end; a clip that never ends is given up after its length plus two seconds. */
  play(file) {
    const a = this.element(file);
    return new Promise((resolve, reject) => {
      let timer = null;
      const done = () => {
        clearTimeout(timer);
        a.onended = null;
        a.onerror = null;
        resolve();
      };
      a.onended = done;
      a.onerror = () => done();
      a.currentTime = 0;
      a.play().then(() => {
        const limit = (Number.isFinite(a.duration) ? a.duration * 1000 : 3000) + 2000;
        timer = setTimeout(done, limit);
      }, reject);
    });
  }

  /** Speaks with a Vietnamese system voice; false (so the clips are used) when there is none. */
  speak(text) {
    const synth = window.speechSynthesis;
    if (!synth) return Promise.resolve(false);
    const voice = synth.getVoices().find((v) => v.lang && v.lang.toLowerCase().startsWith("vi"));
    if (!voice) return Promise.resolve(false);
    return new Promise((resolve) => {
      const u = new SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      u.onend = () => resolve(true);
      u.onerror = () => resolve(false);
      synth.speak(u);
    });
  }
}
