// edukit SCORM 1.2 adapter, its records: the learner's records of a package read from and
// written to localStorage, packed into cmi.suspend_data, and the score and status they give.
// Classic script with no LMS nor DOM in it; `edukit export scorm` ships it first in the
// package's adapter (assets/edukit-scorm/scorm.js), before scorm.js, which runs the session.
//
// Records: every localStorage key `edukit:v1:<scope>:<key>` holding `{value, updated}`
// (store.js); scorm.js chooses the scope (see its header).
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
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var END = 256;
  var FINAL = "evaluation-finale";
  var POSITIONING = "positionnement";

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

  global.EdukitScormRecords = {
    LIMIT: LIMIT,
    utf8Encode: utf8Encode,
    compress: compress,
    decompress: decompress,
    readRecords: readRecords,
    writeRecords: writeRecords,
    encodeRecords: encodeRecords,
    decodeRecords: decodeRecords,
    computeScore: computeScore,
    computeStatus: computeStatus,
  };
})(typeof window !== "undefined" ? window : globalThis);
