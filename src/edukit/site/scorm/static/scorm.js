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
// Score, status and suspend_data: records.js, shipped before this file in the same script
// (assets/edukit-scorm/scorm.js is records.js then scorm.js).
(function (global) {
  "use strict";

  var R = global.EdukitScormRecords; // records.js
  var LIMIT = R.LIMIT;
  var utf8Encode = R.utf8Encode;
  var readRecords = R.readRecords;
  var writeRecords = R.writeRecords;
  var encodeRecords = R.encodeRecords;
  var decodeRecords = R.decodeRecords;
  var computeScore = R.computeScore;
  var computeStatus = R.computeStatus;
  var ADAPTER_PATH = "assets/edukit-scorm/scorm.js";
  var CHANGE_EVENT = "edukit:store-change";
  var SYNC_MS = 10000;
  var SCOPE_META = "edukit-store-scope";
  var LOCATION_LIMIT = 255;
  var UNREADABLE_NOTE =
    "Vos réponses précédentes n'ont pas pu être relues. Elles restent enregistrées sur la plateforme : " +
    "rien ne les efface. Vous pouvez continuer ; vos nouvelles réponses sont gardées sur cet appareil. " +
    "Prévenez votre formateur ou votre formatrice.";

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
    compress: R.compress,
    decompress: R.decompress,
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
