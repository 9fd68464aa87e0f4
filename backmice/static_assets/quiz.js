/* Back Mice self-checks on the static website.
 *
 * backmice/static_quiz.py writes each question as a <form class="bm-sq"> of native controls with
 * its data as JSON (key, explanations already in HTML, the full answer). This file gives the
 * feedback JupyterLab gives (backmice.quiz.evaluate, backmice.grading's scoring rules), in the
 * page: nothing is sent anywhere, nothing is stored. tests/test_static_quiz.py checks that
 * evaluate() here and in Python agree on every question.
 */
(function () {
  "use strict";
  if (window.BackMiceQuiz) return; // included twice: the first copy already listens

  var LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  var NAME = "Your answer";
  // Python's whitespace (str.isspace, and \s in re for str patterns)
  var WS = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var STRIP = new RegExp("^" + WS + "+|" + WS + "+$", "g");
  var NUMBER = new RegExp("^([-+]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?)" + WS + "*([^\\n]*)$");
  var NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

  function Problem(message) { this.message = message; }

  function strip(s) { return s.replace(STRIP, ""); }

  function lettersText(letters, last) {
    if (letters.length <= 1) return letters.join("");
    return letters.slice(0, -1).join(", ") + " " + (last || "and") + " " + letters[letters.length - 1];
  }

  function dropZeros(s) { return s.indexOf(".") < 0 ? s : s.replace(/0+$/, "").replace(/\.$/, ""); }

  /* Python's f"{x:.6g}" */
  function fmt(x) {
    if (x !== x) return "nan";
    if (x === Infinity) return "inf";
    if (x === -Infinity) return "-inf";
    if (x === 0) return 1 / x < 0 ? "-0" : "0";
    var sign = x < 0 ? "-" : "";
    var parts = Math.abs(x).toExponential(5).split("e");
    var digits = parts[0].replace(".", ""), exp = parseInt(parts[1], 10), out;
    if (exp < -4 || exp >= 6) {
      var e = Math.abs(exp);
      out = dropZeros(digits[0] + "." + digits.slice(1)) + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
    } else if (exp >= 0) {
      out = dropZeros(digits.slice(0, exp + 1) + "." + digits.slice(exp + 1));
    } else {
      out = dropZeros("0." + "0".repeat(-exp - 1) + digits);
    }
    return sign + out;
  }

  function hex(c, width) { var h = c.toString(16); return "0".repeat(Math.max(0, width - h.length)) + h; }

  /* Python's repr() of a str */
  function pyRepr(s) {
    var quote = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'";
    var out = quote;
    for (var ch of s) {
      var c = ch.codePointAt(0);
      if (ch === quote || ch === "\\") out += "\\" + ch;
      else if (ch === "\t") out += "\\t";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (c < 0x20 || c === 0x7f) out += "\\x" + hex(c, 2);
      else if (c < 0x7f) out += ch;
      else if (NOT_PRINTABLE.test(ch)) {
        out += c < 0x100 ? "\\x" + hex(c, 2) : c < 0x10000 ? "\\u" + hex(c, 4) : "\\U" + hex(c, 8);
      } else out += ch;
    }
    return out + quote;
  }

  /* grading._show of a str, without its quotes (how a typed answer is quoted back) */
  function quoted(s) {
    var r = Array.from(pyRepr(s));
    if (r.length > 60) r = r.slice(0, 57).concat([".", ".", "."]);
    return r.slice(1, -1).join("");
  }

  function unitKey(u) {
    u = strip(u).toLowerCase().split(" ").join("").split("\u00b2").join("2").split("^2").join("2");
    return {mmofhg: "mmhg", cmofwater: "cmh2o", cmh20: "cmh2o"}[u] || u;
  }

  function convert(d, x, given) {
    var g = unitKey(given);
    if (!d.unit) {
      if (g === "%" || g === "percent") return x / 100;
      throw new Problem(NAME + ' has a unit ("' + given + '"), but this answer is a plain number.');
    }
    var w = unitKey(d.unit), units = d.units || {};
    if (g === w) return x;
    if (Object.prototype.hasOwnProperty.call(units, g) && Object.prototype.hasOwnProperty.call(units, w)) {
      return x * units[g] / units[w];
    }
    throw new Problem(NAME + ' is in "' + given + '", but the question asks for ' + d.unit + ".");
  }

  /* grading._read_number for typed text */
  function readNumber(d, value) {
    var unitTxt = d.unit ? " " + d.unit : "";
    var example = !d.unit ? "0.42" + unitTxt : "4.2 (meaning 4.2" + unitTxt + ")";
    var text = strip(String(value));
    if (!text) throw new Problem(NAME + " is empty. Type a number, like " + example + ".");
    var m = NUMBER.exec(text);
    if (!m) throw new Problem(NAME + " should be a number, like " + example + '. It is "' + quoted(text) + '".');
    var x = Number(m[1].replace(",", "."));
    if (!isFinite(x)) throw new Problem(NAME + " is " + fmt(x) + ", which is not a usable number.");
    if (m[2]) x = convert(d, x, m[2]);
    var low = d.low, high = d.high;
    if ((low !== null && low !== undefined && x < low) || (high !== null && high !== undefined && x > high)) {
      var hint = "";
      if (high === 1 && low === 0 && 1 < x && x <= 100) hint = " If you meant " + fmt(x) + "%, type " + fmt(x / 100) + ".";
      throw new Problem(NAME + " is " + fmt(x) + unitTxt + ", but a sensible answer lies between " +
                        fmt(low) + " and " + fmt(high) + unitTxt + "." + hint);
    }
    return x;
  }

  /* A response (what the controls hold) read into grading's canonical form, or a Problem. */
  function read(d, r) {
    if (d.kind === "number") return readNumber(d, r);
    if (d.kind === "choice") {
      if (!r) throw new Problem(d.empty);
      return r;
    }
    if (d.kind === "multi") {
      if (!r || !r.length) throw new Problem(d.empty);
      return r.filter(function (x, i) { return r.indexOf(x) === i; }).sort().join("");
    }
    if (d.kind === "match") {
      if (!r || !Object.keys(r).length) throw new Problem(d.empty);
      return r;
    }
    // order: a letter (or "") for every position
    if (!r || r.indexOf("") >= 0) throw new Problem(d.empty);
    var every = LETTERS.slice(0, d.n).split("");
    var twice = every.filter(function (x) { return r.filter(function (y) { return y === x; }).length > 1; });
    var missing = every.filter(function (x) { return r.indexOf(x) < 0; });
    if (twice.length || missing.length) {
      var parts = [];
      if (twice.length) parts.push("lists " + lettersText(twice) + " more than once");
      if (missing.length) parts.push("leaves out " + lettersText(missing));
      throw new Problem(NAME + " " + parts.join(" and ") + ". Put every letter (" + lettersText(every) +
                        ") exactly once, in order.");
    }
    return r.join("");
  }

  /* grading.score_answer: [fraction, verdict] */
  function score(d, answer) {
    var key = d.key;
    if (d.kind === "choice") return answer === key ? [1, "correct."] : [0, "not correct."];
    if (d.kind === "multi") {
      var good = 0, bad = 0;
      answer.split("").forEach(function (x) { if (key.indexOf(x) >= 0) good++; else bad++; });
      var f = Math.max(0, (good - bad) / key.length), missed = key.length - good;
      if (f === 1) return [1, "correct: you chose exactly the right options."];
      return [f, good + " of your choices " + (good === 1 ? "is" : "are") + " right and " + bad + " " +
                 (bad === 1 ? "is" : "are") + " not; " + missed + " right option" + (missed !== 1 ? "s" : "") + " missed."];
    }
    if (d.kind === "order") {
      var placed = 0;
      for (var i = 0; i < key.length; i++) if (answer[i] === key[i]) placed++;
      if (placed === key.length) return [1, "correct: every item is in its place."];
      return [placed / key.length, placed + " of " + key.length + " items are in the right place."];
    }
    if (d.kind === "match") {
      var items = Object.keys(key), hits = 0;
      items.forEach(function (k) { if (answer[k] === key[k]) hits++; });
      if (hits === items.length) return [1, "correct: every pair matches."];
      return [hits / items.length, hits + " of " + items.length + " pairs match."];
    }
    if (Math.abs(answer - key) <= d.tol + 1e-12 * Math.max(1, Math.abs(key))) return [1, "correct (within the tolerance)."];
    return [0, "not within the tolerance of the expected value."];
  }

  /* backmice.quiz.evaluate: {fraction, headline, details (HTML), readable} */
  function evaluate(d, response) {
    var answer;
    try {
      answer = read(d, response);
    } catch (e) {
      if (e instanceof Problem) return {fraction: 0, headline: "\u2717 " + e.message, details: [], readable: false};
      throw e;
    }
    var s = score(d, answer), fraction = s[0], headline;
    if (fraction >= 1) headline = "\u2713 Correct.";
    else if (fraction > 0) headline = "\u25d0 Partly right: " + s[1];
    else headline = "\u2717 Not quite. " + (d.kind !== "number" ? "Try again, or show the answer." : "Check your working and try again.");
    var details = [];
    if (d.kind === "choice" || d.kind === "multi") {
      details = answer.split("").map(function (x) { return d.details[LETTERS.indexOf(x)]; });
    }
    return {fraction: fraction, headline: headline, details: details, readable: true};
  }

  // --- the page -------------------------------------------------------------------------------

  var cache = new WeakMap();

  function dataOf(form) {
    if (!cache.has(form)) cache.set(form, JSON.parse(form.querySelector("script.bm-sq-data").textContent));
    return cache.get(form);
  }

  function response(form, d) {
    var all = function (sel) { return Array.prototype.slice.call(form.querySelectorAll(sel)); };
    if (d.kind === "choice") {
      var on = form.querySelector("input[type=radio]:checked");
      return on ? on.value : "";
    }
    if (d.kind === "multi") return all("input[type=checkbox]:checked").map(function (b) { return b.value; });
    if (d.kind === "number") return form.querySelector("input[type=text]").value;
    if (d.kind === "match") {
      var chosen = {};
      all("select[data-item]").forEach(function (s) { if (s.value) chosen[s.getAttribute("data-item")] = s.value; });
      return chosen;
    }
    return all("select[data-position]").map(function (s) { return s.value; });
  }

  function show(form, headline, lines) {
    var region = form.querySelector(".bm-sq-feedback");
    region.textContent = ""; // emptied first, so that the same message twice is announced twice
    var fill = function () {
      var p = document.createElement("p"), b = document.createElement("b");
      b.textContent = headline;
      p.appendChild(b);
      region.appendChild(p);
      if (lines.length) {
        var ul = document.createElement("ul");
        lines.forEach(function (line) {
          var li = document.createElement("li");
          li.innerHTML = line; // written and escaped by static_quiz.py, never typed text
          ul.appendChild(li);
        });
        region.appendChild(ul);
      }
    };
    window.setTimeout(fill, 50);
  }

  function check(form) {
    var d = dataOf(form), fb = evaluate(d, response(form, d));
    show(form, fb.headline, fb.details);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("bm-sq")) return;
    event.preventDefault();
    check(form);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".bm-sq .bm-sq-show");
    if (!button) return;
    var form = button.closest(".bm-sq");
    show(form, "The answer", dataOf(form).answer);
  });

  window.BackMiceQuiz = {evaluate: evaluate, fmt: fmt, pyRepr: pyRepr};
})();
