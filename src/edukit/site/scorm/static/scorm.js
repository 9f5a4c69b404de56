// edukit SCORM 1.2 adapter: reports the learner's progress to an LMS (Moodle) from a SCORM
// package written by `edukit export scorm`. Classic script (not a module): it runs
// synchronously in <head>, before the widgets, so restored records are there when they render.
// Inert outside an LMS: without a SCORM 1.2 `API` object in the parent/opener chain it does
// nothing (the package then works as a plain offline site).
//
// Roles
// - Launcher (`scorm.html`, `data-edukit-scorm-launcher`): the SCO. LMSInitialize once,
//   restore the records, show the site in a full-size frame, report on an interval, on every
//   change of the records and on `pagehide`, where it also sends cmi.core.session_time and
//   calls LMSFinish. One session however many pages the learner opens.
// - Page (`data-edukit-scorm` on every page of the package): under the launcher it only asks
//   the launcher to report now (on a change of the records and on `pagehide`); opened straight
//   by an LMS (no launcher above it), it runs the same session itself for its own lifetime.
//
// Records: every localStorage key `edukit:v1:<scope>:<key>` holding `{value, updated}`
// (store.js). The scope is the package's own: `<course>~<hash of the package id and of the
// address it is served from>`, put in a `<meta name="edukit-store-scope">` that store.js reads,
// so two packages of one course (modules A and B, open at once in two tabs of one Moodle) never
// replace each other's records nor share one suspend_data budget. The LMS is the source of
// truth during a session: at LMSInitialize the package's records on this device are replaced by
// those of cmi.suspend_data (none on a first attempt), so that two learners sharing a computer
// never see each other's answers.
//
// Never erase a learner's work: a suspend_data that cannot be read (truncated, corrupt, or not
// this package's) is never written over. The session then keeps the LMS's value as it is, sends
// no suspend_data and no score, tells the learner in French, and keeps this device's records of
// the package when they are the same learner's (cmi.core.student_id), else starts them empty.
//
// Resume: every page sets cmi.core.lesson_location to its path in the package; the launcher
// opens that page again on the next visit (when it is a page of the package).
//
// Score (cmi.core.score.raw, 0-100, min 0, max 100), from the quizzes of the package, each
// worth 100 * score / total once completed (every question done), the first rule that applies:
//   1. the final evaluation (purpose `evaluation-finale`) once completed;
//   2. else the average of the other completed quizzes, the positioning test left out;
//   3. else the positioning test (purpose `positionnement`) once completed;
//   4. else no score (score.raw left empty).
// Status (cmi.core.lesson_status): `completed` when every lesson of the package is marked done
// (the « Ma progression » panel) or the final evaluation is completed; then, when the LMS gives
// a mastery score (adlcp:masteryscore) and there is a score, `passed` or `failed`; otherwise
// `incomplete`. A status the LMS already holds as completed, passed or failed never goes back
// to incomplete. cmi.core.exit is `suspend`, so the LMS keeps suspend_data for the next visit.
// The score is sent only once the status is no longer `incomplete`: Moodle's « Le score de
// maîtrise prévaut sur le statut » (on by default) turns any status into passed/failed as soon
// as a score exists, which would store a learner who left half-way as `failed`.
//
// suspend_data (SCORM 1.2: at most 4096 characters): `E1` + the records as compact JSON
// `{c: course, r: [[key, updated (s since 1970), value], …]}`, LZW-compressed over UTF-8 and
// written with 64 URL-safe ASCII characters. When it does not fit: first the quiz answers lose
// their copied objectives, tags and times; then whole records go, least useful first (other
// widgets' settings, practice quizzes oldest first, lesson time without completion, other
// quizzes, the positioning test, completed lessons, the final evaluation last).
(function (global) {
  "use strict";

  var LIMIT = 4096;
  var FORMAT = "E1";
  var STORE_PREFIX = "edukit:v1:";
  var KEY = /^edukit:v(\d+):([^:]+):(.+)$/;
  var ADAPTER_PATH = "assets/edukit-scorm/scorm.js";
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var END = 256;
  var FINAL = "evaluation-finale";
  var POSITIONING = "positionnement";
  var CHANGE_EVENT = "edukit:store-change";
  var SYNC_MS = 10000;
  var SCOPE_META = "edukit-store-scope";
  var LOCATION_LIMIT = 255;
  var UNREADABLE_NOTE =
    "Vos réponses précédentes n'ont pas pu être relues. Elles restent enregistrées sur la plateforme : " +
    "rien ne les efface. Vous pouvez continuer ; vos nouvelles réponses sont gardées sur cet appareil. " +
    "Prévenez votre formateur ou votre formatrice.";

  // -- codec: LZW over UTF-8 bytes, 6 bits a character ---------------------------------------

  function utf8Encode(text) {
    return new TextEncoder().encode(text);
  }

  function utf8Decode(bytes) {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  }

  // The width of the i-th code: enough for the largest code the decoder may meet then.
  function width(index) {
    return (257 + index).toString(2).length;
  }

  function compress(text) {
    var bytes = utf8Encode(text);
    var dictionary = new Map();
    var next = 257;
    var out = [];
    var buffer = 0;
    var bits = 0;
    var emitted = 0;
    function emit(code) {
      var size = width(emitted);
      emitted += 1;
      for (var bit = 0; bit < size; bit += 1) {
        buffer |= ((code >> bit) & 1) << bits;
        bits += 1;
        if (bits === 6) {
          out.push(ALPHABET[buffer]);
          buffer = 0;
          bits = 0;
        }
      }
    }
    var word = "";
    for (var index = 0; index < bytes.length; index += 1) {
      var char = String.fromCharCode(bytes[index]);
      var joined = word + char;
      if (word === "" || dictionary.has(joined)) {
        word = joined;
        continue;
      }
      emit(word.length === 1 ? word.charCodeAt(0) : dictionary.get(word));
      dictionary.set(joined, next);
      next += 1;
      word = char;
    }
    if (word !== "") emit(word.length === 1 ? word.charCodeAt(0) : dictionary.get(word));
    emit(END);
    if (bits > 0) out.push(ALPHABET[buffer]);
    return out.join("");
  }

  function decompress(text) {
    var values = [];
    for (var index = 0; index < text.length; index += 1) {
      var value = ALPHABET.indexOf(text[index]);
      if (value < 0) throw new Error("not an edukit suspend_data character: " + text[index]);
      values.push(value);
    }
    var position = 0;
    function read(size) {
      var code = 0;
      for (var bit = 0; bit < size; bit += 1) {
        var at = position + bit;
        var chunk = values[Math.floor(at / 6)];
        if (chunk === undefined) throw new Error("truncated suspend_data");
        code |= ((chunk >> at % 6) & 1) << bit;
      }
      position += size;
      return code;
    }
    var dictionary = [];
    var next = 257;
    var previous = null;
    var parts = [];
    for (var count = 0; ; count += 1) {
      var code = read(width(count));
      if (code === END) break;
      var entry;
      if (code < 256) entry = [code];
      else if (dictionary[code]) entry = dictionary[code];
      else if (code === next && previous) entry = previous.concat(previous[0]);
      else throw new Error("corrupt suspend_data");
      parts.push(entry);
      if (previous) {
        dictionary[next] = previous.concat(entry[0]);
        next += 1;
      }
      previous = entry;
    }
    var total = 0;
    parts.forEach(function (part) {
      total += part.length;
    });
    var bytes = new Uint8Array(total);
    var offset = 0;
    parts.forEach(function (part) {
      bytes.set(part, offset);
      offset += part.length;
    });
    return utf8Decode(bytes);
  }

  // -- records ---------------------------------------------------------------------------------

  function storageKeys(storage) {
    var keys = [];
    for (var index = 0; index < storage.length; index += 1) keys.push(storage.key(index));
    return keys;
  }

  /** The package's current records: `{key: {value, updated}}` (unreadable ones are skipped). */
  function readRecords(storage, course) {
    var records = {};
    storageKeys(storage).forEach(function (name) {
      var match = KEY.exec(name || "");
      if (!match || match[1] !== "1" || match[2] !== course) return;
      try {
        var record = JSON.parse(storage.getItem(name));
        if (record && typeof record === "object" && "value" in record) records[match[3]] = record;
      } catch (error) {
        // a record store.js cannot read either: leave it out
      }
    });
    return records;
  }

  /** Replace every record of the scope `course` (any key version) with `records`. */
  function writeRecords(storage, course, records) {
    storageKeys(storage).forEach(function (name) {
      var match = KEY.exec(name || "");
      if (match && match[2] === course) storage.removeItem(name);
    });
    Object.keys(records).forEach(function (key) {
      storage.setItem(STORE_PREFIX + course + ":" + key, JSON.stringify(records[key]));
    });
  }

  function seconds(iso) {
    var time = typeof iso === "string" ? Date.parse(iso) : NaN;
    return Number.isFinite(time) ? Math.round(time / 1000) : 0;
  }

  function isoOf(value) {
    return value ? new Date(value * 1000).toISOString() : null;
  }

  function isQuiz(key, value) {
    return key.indexOf("quiz:") === 0 && value && typeof value === "object" && value.items && typeof value.items === "object";
  }

  function purposeOf(value) {
    if (!value || typeof value !== "object") return "";
    if (value.purpose) return String(value.purpose);
    if (value.mode !== "evaluation") return "";
    // An evaluation without a purpose counts for the test all of its answered items are tagged for.
    var items = Object.keys(value.items || {}).map(function (id) {
      return value.items[id];
    });
    var tagged = function (tag) {
      return (
        items.length > 0 &&
        items.every(function (item) {
          return item && Array.isArray(item.tags) && item.tags.indexOf(tag) >= 0;
        })
      );
    };
    if (tagged(FINAL)) return FINAL;
    if (tagged(POSITIONING)) return POSITIONING;
    return "";
  }

  /** A quiz answer without what the quiz copies from its bank again on its next save. */
  function slimQuiz(value) {
    var items = {};
    Object.keys(value.items).forEach(function (id) {
      var item = value.items[id];
      var slim = {};
      Object.keys(item || {}).forEach(function (name) {
        if (name !== "objectives" && name !== "tags" && name !== "answered") slim[name] = item[name];
      });
      items[id] = slim;
    });
    var copy = {};
    Object.keys(value).forEach(function (name) {
      copy[name] = value[name];
    });
    copy.items = items;
    return copy;
  }

  // Lower drops first when suspend_data is over the limit.
  function priority(key, value) {
    if (key.indexOf("lesson:") === 0) return value && value.completed ? 5 : 2;
    if (!isQuiz(key, value)) return 0;
    var purpose = purposeOf(value);
    if (purpose === FINAL) return 6;
    if (purpose === POSITIONING) return 4;
    return value.mode === "evaluation" ? 3 : 1;
  }

  function serialize(course, entries, pack) {
    var document = { c: course, r: entries };
    if (pack) document.s = pack;
    return FORMAT + compress(JSON.stringify(document));
  }

  /**
   * suspend_data for `records` (`{key: {value, updated}}`), at most `limit` characters, and what
   * had to go: `{data, slimmed, dropped: [keys]}`.
   */
  function encodeRecords(course, records, limit, pack) {
    limit = limit || LIMIT;
    var keys = Object.keys(records).sort();
    var entries = keys.map(function (key) {
      return [key, seconds(records[key].updated), records[key].value];
    });
    var data = serialize(course, entries, pack);
    if (data.length <= limit) return { data: data, slimmed: false, dropped: [] };
    entries = entries.map(function (entry) {
      return isQuiz(entry[0], entry[2]) ? [entry[0], entry[1], slimQuiz(entry[2])] : entry;
    });
    var order = entries.slice().sort(function (a, b) {
      return priority(a[0], a[2]) - priority(b[0], b[2]) || a[1] - b[1] || (a[0] < b[0] ? -1 : 1);
    });
    data = serialize(course, entries, pack);
    if (data.length <= limit) return { data: data, slimmed: true, dropped: [] };
    // Drop the `count` least useful records: the smallest count that fits, by bisection (each
    // try compresses everything again; a pagehide has no time for one try per record).
    var without = function (count) {
      var gone = order.slice(0, count);
      return serialize(
        course,
        entries.filter(function (entry) {
          return gone.indexOf(entry) < 0;
        }),
        pack,
      );
    };
    var low = 1;
    var high = order.length;
    var best = without(high);
    while (low < high) {
      var middle = Math.floor((low + high) / 2);
      var attempt = without(middle);
      if (attempt.length <= limit) {
        high = middle;
        best = attempt;
      } else {
        low = middle + 1;
      }
    }
    if (best.length > limit || high !== low) best = without(low);
    data = best;
    var dropped = order.slice(0, low).map(function (entry) {
      return entry[0];
    });
    return { data: data, slimmed: true, dropped: dropped };
  }

  /** `{course, package, records}` from suspend_data, or null when it is empty or not edukit's. */
  function decodeRecords(text) {
    if (typeof text !== "string" || text.indexOf(FORMAT) !== 0) return null;
    var document = JSON.parse(decompress(text.slice(FORMAT.length)));
    var records = {};
    (document.r || []).forEach(function (entry) {
      if (Array.isArray(entry) && typeof entry[0] === "string") {
        records[entry[0]] = { value: entry[2], updated: isoOf(entry[1]) };
      }
    });
    return { course: document.c, package: document.s || null, records: records };
  }

  // -- the package's scope ---------------------------------------------------------------------

  /** FNV-1a, 32 bits, as 8 hexadecimal digits (a label, not a secret). */
  function hash8(text) {
    var bytes = utf8Encode(String(text));
    var value = 0x811c9dc5;
    for (var index = 0; index < bytes.length; index += 1) {
      value ^= bytes[index];
      value = Math.imul(value, 0x01000193) >>> 0;
    }
    var hex = value.toString(16);
    while (hex.length < 8) hex = "0" + hex;
    return hex;
  }

  /**
   * The store scope of a package: `settings.scope` when given, else `<course>~<hash>` of the
   * package id and of `base` (the address the package is served from, so that one package
   * uploaded in two activities is two scopes too), else the course (no package id).
   */
  function scopeOf(settings, base) {
    if (settings.scope) return String(settings.scope);
    if (!settings.package) return String(settings.course);
    return settings.course + "~" + hash8(settings.package + "\n" + (base || ""));
  }

  /** The package's base address, from the adapter's own address (`…/assets/edukit-scorm/scorm.js`). */
  function baseOf(src) {
    var address = String(src || "").split("#")[0].split("?")[0];
    var at = address.lastIndexOf(ADAPTER_PATH);
    return at >= 0 ? address.slice(0, at) : "";
  }

  /** The path in the package of the page at `href`, or "" when it is not under `base`. */
  function pageOf(href, base) {
    var address = String(href || "").split("#")[0].split("?")[0];
    if (!base || address.indexOf(base) !== 0) return "";
    var path = address.slice(base.length);
    try {
      path = decodeURI(path);
    } catch (error) {
      return "";
    }
    return path.length <= LOCATION_LIMIT ? path : "";
  }

  /** A saved location the launcher may open: one of the package's pages, else null. */
  function resumePage(location, settings) {
    var pages = Array.isArray(settings.pages) ? settings.pages : [];
    if (!location || pages.indexOf(location) < 0 || location === "scorm.html") return null;
    return location;
  }

  function ownerOf(id) {
    return id ? hash8("edukit-learner\n" + id) : "";
  }

  // -- score and status ------------------------------------------------------------------------

  function percent(value) {
    var total = Number(value.total);
    if (!(total > 0)) return null;
    var score = Math.min(total, Math.max(0, Number(value.score) || 0));
    return (100 * score) / total;
  }

  /**
   * `{raw, rule}` by the rule in this file's header, or null; `quizzes` (the package's quiz keys
   * from the packager) limits the records that count, when given.
   */
  function computeScore(records, quizzes) {
    var allowed = quizzes && quizzes.length ? quizzes.map(function (quiz) { return quiz.key; }) : null;
    var finals = [];
    var others = [];
    var positioning = [];
    Object.keys(records)
      .sort()
      .forEach(function (key) {
        var value = records[key].value;
        if (!isQuiz(key, value) || !value.completed) return;
        if (allowed && allowed.indexOf(key) < 0) return;
        var worth = percent(value);
        if (worth === null) return;
        var purpose = purposeOf(value);
        var entry = { raw: worth, updated: seconds(records[key].updated) };
        if (purpose === FINAL) finals.push(entry);
        else if (purpose === POSITIONING) positioning.push(entry);
        else others.push(entry);
      });
    var latest = function (list) {
      return list.slice().sort(function (a, b) { return b.updated - a.updated; })[0].raw;
    };
    var rounded = function (value) {
      return Math.round(value * 100) / 100;
    };
    if (finals.length) return { raw: rounded(latest(finals)), rule: "final" };
    if (others.length) {
      var sum = others.reduce(function (total, entry) { return total + entry.raw; }, 0);
      return { raw: rounded(sum / others.length), rule: "average" };
    }
    if (positioning.length) return { raw: rounded(latest(positioning)), rule: "positioning" };
    return null;
  }

  function finalDone(records, quizzes) {
    return Object.keys(records).some(function (key) {
      var value = records[key].value;
      if (!isQuiz(key, value) || !value.completed || purposeOf(value) !== FINAL) return false;
      return !quizzes || !quizzes.length || quizzes.some(function (quiz) { return quiz.key === key; });
    });
  }

  function lessonsDone(records, lessons) {
    return (
      Array.isArray(lessons) &&
      lessons.length > 0 &&
      lessons.every(function (id) {
        var record = records["lesson:" + id];
        return Boolean(record && record.value && record.value.completed);
      })
    );
  }

  /** The lesson status by the rule in this file's header. */
  function computeStatus(records, settings, score, mastery, previous) {
    var done = lessonsDone(records, settings.lessons) || finalDone(records, settings.quizzes);
    var status = "incomplete";
    if (done) {
      var threshold = mastery === "" || mastery === null || mastery === undefined ? NaN : Number(mastery);
      status = score && Number.isFinite(threshold) ? (score.raw >= threshold ? "passed" : "failed") : "completed";
    }
    if (status === "incomplete" && ["completed", "passed", "failed"].indexOf(previous) >= 0) return previous;
    return status;
  }

  /** SCORM 1.2 CMITimespan `HHHH:MM:SS.SS`. */
  function sessionTime(milliseconds) {
    var centis = Math.max(0, Math.round(milliseconds / 10));
    var hours = Math.min(9999, Math.floor(centis / 360000));
    var minutes = Math.floor((centis % 360000) / 6000);
    var secs = Math.floor((centis % 6000) / 100);
    var rest = centis % 100;
    var pad = function (number, size) {
      var text = String(number);
      while (text.length < size) text = "0" + text;
      return text;
    };
    return pad(hours, 4) + ":" + pad(minutes, 2) + ":" + pad(secs, 2) + "." + pad(rest, 2);
  }

  /** « Martin, Zoé » (SCORM's `cmi.core.student_name`) → « Zoé Martin ». */
  function learnerName(name) {
    var text = String(name || "").trim();
    var parts = text.split(",");
    if (parts.length === 2 && parts[0].trim() && parts[1].trim()) return parts[1].trim() + " " + parts[0].trim();
    return text;
  }

  // -- finding the LMS (SCORM 1.2 RTE, API discovery) -------------------------------------------

  function apiIn(win) {
    try {
      return win && win.API && typeof win.API.LMSInitialize === "function" ? win.API : null;
    } catch (error) {
      return null; // another origin
    }
  }

  function searchChain(win) {
    var tries = 0;
    var current = win;
    while (current && !apiIn(current)) {
      var parent;
      try {
        parent = current.parent;
      } catch (error) {
        return null;
      }
      if (!parent || parent === current || tries > 7) return null;
      tries += 1;
      current = parent;
    }
    return apiIn(current);
  }

  /** The LMS's API: the window's parents first, then its opener's (RTE 1.2, §3.3.6.1). */
  function findAPI(win) {
    var api = searchChain(win);
    if (!api) {
      var opener = null;
      try {
        opener = win.opener;
      } catch (error) {
        opener = null;
      }
      if (opener) api = searchChain(opener);
    }
    return api;
  }

  function findLauncher(win) {
    var current = win;
    for (var tries = 0; tries < 8; tries += 1) {
      var parent;
      try {
        parent = current.parent;
        if (!parent || parent === current) return null;
        if (parent.EdukitScorm && parent.EdukitScorm.session) return parent.EdukitScorm.session;
      } catch (error) {
        return null;
      }
      current = parent;
    }
    return null;
  }

  // -- the session -----------------------------------------------------------------------------

  function Session(api, settings, storage, now, base) {
    this.api = api;
    this.settings = settings;
    this.storage = storage;
    this.scope = scopeOf(settings, base);
    this.now = now || Date.now;
    this.started = this.now();
    this.sent = {};
    this.active = false;
    this.finished = false;
    this.lastError = "";
  }

  Session.prototype.get = function (element) {
    var value = this.api.LMSGetValue(element);
    return value === null || value === undefined ? "" : String(value);
  };

  Session.prototype.set = function (element, value) {
    var text = String(value);
    if (this.sent[element] === text) return false;
    var ok = String(this.api.LMSSetValue(element, text)) === "true";
    if (ok) this.sent[element] = text;
    else this.lastError = element + ": " + this.api.LMSGetLastError();
    return ok;
  };

  /**
   * The records held in `saved` (suspend_data) for this package: `{records}`, `{records: {}}`
   * when it is empty, or `{unreadable: reason}` (truncated, corrupt, or another package's).
   */
  Session.prototype.readSaved = function (saved) {
    if (saved === "") return { records: {} };
    var decoded;
    try {
      decoded = decodeRecords(saved);
    } catch (error) {
      return { unreadable: "damaged (" + error.message + ")" };
    }
    if (!decoded) return { unreadable: "not written by edukit" };
    if (decoded.course !== this.settings.course) return { unreadable: "another course's" };
    if (decoded.package && this.settings.package && decoded.package !== this.settings.package) {
      return { unreadable: "another package's" };
    }
    return { records: decoded.records };
  };

  /** LMSInitialize, then put the learner's records back (replacing this device's). */
  Session.prototype.start = function () {
    if (String(this.api.LMSInitialize("")) !== "true") {
      this.lastError = "LMSInitialize: " + this.api.LMSGetLastError();
      return false;
    }
    this.active = true;
    var scope = this.scope;
    var saved = this.get("cmi.suspend_data");
    var owner = ownerOf(this.get("cmi.core.student_id"));
    var ownerKey = "edukit:owner:" + scope;
    var read = this.readSaved(saved);
    this.unreadable = read.unreadable || "";
    if (!this.unreadable) {
      writeRecords(this.storage, scope, read.records);
    } else {
      // Keep the LMS's value untouched (never sent again in this session); keep this device's
      // records only when they are this learner's.
      console.warn("edukit: cmi.suspend_data could not be read (" + this.unreadable + "); it is kept as it is");
      if (!owner || this.storage.getItem(ownerKey) !== owner) writeRecords(this.storage, scope, {});
    }
    try {
      if (owner) this.storage.setItem(ownerKey, owner);
      else this.storage.removeItem(ownerKey);
    } catch (error) {
      // without it, unreadable data only costs the device copy
    }
    var name = learnerName(this.get("cmi.core.student_name"));
    try {
      if (name) this.storage.setItem("edukit:learner:" + scope, name);
      else this.storage.removeItem("edukit:learner:" + scope);
    } catch (error) {
      // the name only labels an exported progress file
    }
    this.location = this.get("cmi.core.lesson_location");
    this.status = this.get("cmi.core.lesson_status");
    this.mastery = this.get("cmi.student_data.mastery_score");
    this.review = this.get("cmi.core.lesson_mode") === "review";
    this.sent["cmi.suspend_data"] = saved;
    this.sent["cmi.core.lesson_location"] = this.location;
    if (!this.review && (this.status === "not attempted" || this.status === "")) {
      this.set("cmi.core.lesson_status", "incomplete");
      this.status = "incomplete";
    }
    if (!this.review) this.set("cmi.core.exit", "suspend");
    return true;
  };

  /** The learner is on `path` (a page of the package): kept as cmi.core.lesson_location. */
  Session.prototype.visit = function (path) {
    if (!path || path.length > LOCATION_LIMIT) return null;
    this.location = path;
    return this.sync();
  };

  /**
   * Report the records now; LMSCommit when something changed. Returns what was reported.
   * With an unreadable suspend_data: no suspend_data and no score, only the status (which
   * never goes back) and the location.
   */
  Session.prototype.sync = function () {
    if (!this.active || this.finished || this.review) return null;
    var records = readRecords(this.storage, this.scope);
    var protect = Boolean(this.unreadable);
    var score = protect ? null : computeScore(records, this.settings.quizzes);
    var status = computeStatus(records, this.settings, score, this.mastery, this.status);
    var encoded = null;
    if (!protect) {
      // Encoding a full course's records takes a few hundred ms: only when they changed.
      var snapshot = JSON.stringify(records);
      if (snapshot !== this.snapshot) {
        this.encoded = encodeRecords(this.settings.course, records, LIMIT, this.settings.package);
        this.snapshot = snapshot;
      }
      encoded = this.encoded;
    }
    var changed = false;
    // No score while the status is incomplete: Moodle would turn it into passed/failed.
    var reported = score && status !== "incomplete" ? score : null;
    if (reported) {
      changed = this.set("cmi.core.score.min", "0") || changed;
      changed = this.set("cmi.core.score.max", "100") || changed;
      changed = this.set("cmi.core.score.raw", String(reported.raw)) || changed;
    }
    changed = this.set("cmi.core.lesson_status", status) || changed;
    this.status = status;
    if (encoded) changed = this.set("cmi.suspend_data", encoded.data) || changed;
    if (this.location) changed = this.set("cmi.core.lesson_location", this.location) || changed;
    if (changed) this.api.LMSCommit("");
    return { score: reported, status: status, suspend: encoded, committed: changed, kept: protect };
  };

  /** Last report, session time, LMSCommit and LMSFinish (once). */
  Session.prototype.finish = function () {
    if (!this.active || this.finished) return;
    this.sync();
    if (!this.review) this.set("cmi.core.session_time", sessionTime(this.now() - this.started));
    this.api.LMSCommit("");
    this.api.LMSFinish("");
    this.finished = true;
  };

  function defaultStorage() {
    try {
      return global.localStorage;
    } catch (error) {
      return null;
    }
  }

  function readSettings(script, attribute) {
    try {
      return JSON.parse(script.getAttribute(attribute) || "{}");
    } catch (error) {
      return {};
    }
  }

  function watch(session, win) {
    var pending = null;
    var soon = function () {
      if (pending) return;
      pending = setTimeout(function () {
        pending = null;
        session.sync();
      }, 500);
    };
    win.addEventListener("storage", soon);
    win.addEventListener(CHANGE_EVENT, soon);
    setInterval(function () {
      session.sync();
    }, SYNC_MS);
    win.addEventListener("pagehide", function () {
      session.finish();
    });
    win.addEventListener("beforeunload", function () {
      session.finish();
    });
  }

  function note(doc, text, role) {
    var paragraph = doc.createElement("p");
    paragraph.className = "edukit-scorm-note";
    paragraph.setAttribute("role", role || "status");
    paragraph.textContent = text;
    return paragraph;
  }

  /** Tell store.js (and every widget of the page) to keep the records under the package's scope. */
  function markScope(doc, scope) {
    if (!doc.head || doc.querySelector('meta[name="' + SCOPE_META + '"]')) return;
    var meta = doc.createElement("meta");
    meta.name = SCOPE_META;
    meta.content = scope;
    doc.head.appendChild(meta);
  }

  function whenBody(doc, run) {
    if (doc.body) run();
    else doc.addEventListener("DOMContentLoaded", run);
  }

  function launch(win, doc, script) {
    var settings = readSettings(script, "data-edukit-scorm-launcher");
    var base = baseOf(script.src);
    var storage = defaultStorage();
    var api = findAPI(win);
    var session = null;
    if (api && storage && settings.course) {
      session = new Session(api, settings, storage, null, base);
      if (session.start()) watch(session, win);
      else session = null;
    }
    EdukitScorm.session = session;
    var start = (session && resumePage(session.location, settings)) || settings.start || "index.html";
    whenBody(doc, function () {
      var frame = doc.createElement("iframe");
      frame.id = "edukit-scorm-frame";
      frame.title = doc.title || "Cours";
      frame.src = start;
      doc.body.appendChild(frame);
      if (api && !session) {
        doc.body.insertBefore(note(doc, "La plateforme n'a pas ouvert de session de suivi : vos réponses restent sur cet appareil."), frame);
      } else if (session && session.unreadable) {
        doc.body.insertBefore(note(doc, UNREADABLE_NOTE, "alert"), frame);
      }
    });
  }

  function page(win, doc, script) {
    var settings = readSettings(script, "data-edukit-scorm");
    var base = baseOf(script.src);
    if (settings.course) markScope(doc, scopeOf(settings, base));
    var path = pageOf(win.location && win.location.href, base);
    var launcher = findLauncher(win);
    if (launcher) {
      var report = function () {
        try {
          launcher.sync();
        } catch (error) {
          // the launcher is going away too
        }
      };
      setTimeout(function () {
        try {
          launcher.visit(path);
        } catch (error) {
          // the launcher is going away
        }
      }, 0);
      win.addEventListener(CHANGE_EVENT, function () {
        setTimeout(report, 0);
      });
      win.addEventListener("pagehide", report);
      return;
    }
    var api = findAPI(win);
    var storage = defaultStorage();
    if (!api || !storage || !settings.course) return;
    var session = new Session(api, settings, storage, null, base);
    if (session.start()) {
      EdukitScorm.session = session;
      watch(session, win);
      session.visit(path);
      if (session.unreadable) {
        whenBody(doc, function () {
          doc.body.insertBefore(note(doc, UNREADABLE_NOTE, "alert"), doc.body.firstChild);
        });
      }
    }
  }

  var EdukitScorm = {
    LIMIT: LIMIT,
    compress: compress,
    decompress: decompress,
    readRecords: readRecords,
    writeRecords: writeRecords,
    encodeRecords: encodeRecords,
    decodeRecords: decodeRecords,
    computeScore: computeScore,
    computeStatus: computeStatus,
    sessionTime: sessionTime,
    learnerName: learnerName,
    findAPI: findAPI,
    scopeOf: scopeOf,
    baseOf: baseOf,
    pageOf: pageOf,
    resumePage: resumePage,
    UNREADABLE_NOTE: UNREADABLE_NOTE,
    Session: Session,
    session: null,
  };
  global.EdukitScorm = EdukitScorm;

  var doc = global.document;
  var script = doc && doc.currentScript;
  if (script) {
    if (script.hasAttribute("data-edukit-scorm-launcher")) launch(global, doc, script);
    else page(global, doc, script);
  }
})(typeof window !== "undefined" ? window : globalThis);
