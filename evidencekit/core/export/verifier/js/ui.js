// The page: language, drop or pick, and the result in sentences. Everything the bundle says is
// put on the page as text (textContent), never as HTML.

var TABLES = JSON.parse(document.getElementById("ek-strings").textContent);
var state = { lang: document.documentElement.lang, chosen: false, result: null, run: 0 };

function t(key, params) {
  var table = TABLES[state.lang].ui, s = table[key];
  if (s === undefined) s = TABLES.en.ui[key] !== undefined ? TABLES.en.ui[key] : key;
  return s.replace(/\{(\w+)\}/g, function (m, k) { return params && params[k] !== undefined ? String(params[k]) : m; });
}

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function $(id) { return document.getElementById(id); }

// The reading guide (also shown without JavaScript): [tag, text] or ["ol", [texts]].
function renderGuide() {
  var body = $("guide-body");
  body.textContent = "";
  TABLES[state.lang].guide.forEach(function (entry) {
    if (Array.isArray(entry[1])) {
      var list = el(entry[0]);
      entry[1].forEach(function (s) { list.appendChild(el("li", "", s)); });
      body.appendChild(list);
    } else {
      body.appendChild(el(entry[0], "", entry[1]));
    }
  });
  $("guide-summary").textContent = t("guide_summary");
}

function renderStatic() {
  document.documentElement.lang = state.lang;
  document.title = t("title");
  $("title").textContent = t("title");
  $("intro").textContent = t("intro");
  $("drop-text").textContent = t("drop");
  $("pick-zip-label").textContent = t("pick_zip");
  $("pick-dir-label").textContent = t("pick_dir");
  $("privacy").textContent = t("privacy");
  var env = $("env");
  env.textContent = "";
  if (!EKV.hasWebCrypto()) env.appendChild(el("p", "", t("env_nocrypto")));
  if (!EKV.canInflate()) env.appendChild(el("p", "", t("env_noinflate")));
  env.hidden = !env.firstChild;
  Array.prototype.forEach.call(document.querySelectorAll("#langs button"), function (b) {
    b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === state.lang));
  });
  renderGuide();
  if (state.result) renderResult(state.result);
}

var MARK = { ok: "\u2713", fail: "\u2717", warn: "!", skip: "?", na: "\u2013", incomplete: "?", cannot: "?" };
var EX_BAD = ["changed", "missing", "unreadable", "unlisted"];

function exhibitStatus(x, R) {
  if (x.status === "ok" && !manifestTrusted(R)) return "ok_unsigned";
  return x.status;
}

function manifestTrusted(R) {
  return R.checks.some(function (c) { return c.id === "manifest_sig" && c.status === "ok"; }) &&
         R.checks.some(function (c) { return c.id === "cert" && c.status === "ok"; });
}

function renderResult(R) {
  var box = $("result");
  box.hidden = false;
  box.textContent = "";
  var verdict = el("div", "verdict " + R.verdict);
  verdict.id = "verdict";
  verdict.setAttribute("data-verdict", R.verdict);
  verdict.appendChild(el("h2", "", MARK[R.verdict] + " " + t("verdict_" + R.verdict)));
  if (R.title) verdict.appendChild(el("p", "case", t("case", { title: R.title, time: R.createdAt.replace("T", " ") })));
  var n = R.exhibits.length;
  if (R.fatal) {
    verdict.appendChild(el("p", "", t("fatal_" + R.fatal.code, { detail: R.fatal.detail || "", name: R.name })));
  } else if (R.verdict === "ok" || R.verdict === "warn") {
    var included = R.exhibits.filter(function (x) { return x.status === "ok"; }).length;
    verdict.appendChild(el("p", "", t(included ? "summary_ok" : "summary_redacted", { n: included })));
    if (included && included < n) verdict.appendChild(el("p", "", t("summary_not_included", { n: n - included })));
    R.checks.forEach(function (c) {
      if (c.status === "warn") verdict.appendChild(el("p", "", t("chk_" + c.id + "_" + c.status, c.params)));
    });
  } else {
    var ul = el("ul", "problems");
    R.exhibits.forEach(function (x) {
      if (EX_BAD.indexOf(x.status) >= 0 || x.status === "no_inflate") ul.appendChild(el("li", "", exhibitLine(x, R)));
    });
    R.checks.forEach(function (c) {
      if (c.status === "fail" || c.status === "skip") ul.appendChild(el("li", "", t("chk_" + c.id + "_" + c.status, c.params)));
    });
    verdict.appendChild(ul);
  }
  box.appendChild(verdict);

  if (R.cert) {
    var fp = el("section", "fingerprint");
    fp.appendChild(el("h3", "", t("cert_fp")));
    var code = el("p", "fp", R.cert.fingerprint);
    code.id = "fingerprint";
    fp.appendChild(code);
    fp.appendChild(el("p", "fp-alt", t("cert_fp_alt", { fp: R.cert.fingerprint.toUpperCase().match(/../g).join(" ") })));
    if (R.cert.cn) fp.appendChild(el("p", "", t("cert_cn", { cn: R.cert.cn })));
    fp.appendChild(el("p", "compare", t("cert_compare")));
    if (R.bundleFp) {
      fp.appendChild(el("h3", "", t("bundle_fp")));
      var b = el("p", "fp", R.bundleFp);
      b.id = "bundle-fingerprint";
      fp.appendChild(b);
      fp.appendChild(el("p", "", t("bundle_fp_compare")));
    }
    box.appendChild(fp);
  }

  if (R.exhibits.length) {
    box.appendChild(el("h3", "", t("exhibits")));
    var ol = el("ul", "exhibits");
    ol.id = "exhibits";
    R.exhibits.forEach(function (x) {
      var li = el("li", "st-" + exhibitStatus(x, R));
      li.setAttribute("data-exhibit", x.exhibit);
      li.setAttribute("data-status", exhibitStatus(x, R));
      li.appendChild(el("span", "line", exhibitLine(x, R)));
      if (x.title) li.appendChild(el("span", "title", x.title));
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  if (R.checks.length) {
    box.appendChild(el("h3", "", t("checks")));
    var cl = el("ul", "checks");
    cl.id = "checks";
    R.checks.forEach(function (c) {
      var li = el("li", "st-" + c.status, MARK[c.status] + " " + t("chk_" + c.id + "_" + c.status, c.params));
      li.setAttribute("data-check", c.id);
      li.setAttribute("data-status", c.status);
      cl.appendChild(li);
    });
    box.appendChild(cl);
  }

  if (R.files.length) {
    var det = el("details", "files");
    det.appendChild(el("summary", "", t("other_files", { n: R.files.length })));
    var fl = el("ul");
    R.files.forEach(function (f) {
      var li = el("li", "st-" + f.status, t("file_" + f.status, { path: f.path }));
      li.setAttribute("data-file", f.path);
      li.setAttribute("data-status", f.status);
      fl.appendChild(li);
      if (f.status !== "ok") det.open = true;
    });
    det.appendChild(fl);
    box.appendChild(det);
  }
  if (R.extras.length) {
    var xl = el("ul", "extras");
    R.extras.forEach(function (p) { xl.appendChild(el("li", "st-fail", t("extra_file", { path: p }))); });
    box.appendChild(xl);
  }

  var nc = el("section", "not-checked");
  nc.id = "not-checked";
  nc.appendChild(el("h3", "", t("not_checked")));
  var ncl = el("ul");
  ["not_checked_pdf", "not_checked_tsa", "not_checked_custody", "not_checked_before", "not_checked_page"].forEach(function (k) {
    ncl.appendChild(el("li", "", t(k)));
  });
  nc.appendChild(ncl);
  box.appendChild(nc);
}

function exhibitLine(x, R) {
  return t("ex_" + exhibitStatus(x, R), { n: x.exhibit, sha: (x.got || x.sha256 || "").slice(0, 16) });
}

function showProgress(done, total) {
  var p = $("progress");
  p.hidden = false;
  p.textContent = t("working", { pct: total ? Math.min(100, Math.floor(100 * done / total)) : 0 });
}

function start(run) {
  state.run += 1;
  var id = state.run;
  state.result = null;
  $("result").hidden = true;
  $("result").textContent = "";
  $("status").textContent = "";
  showProgress(0, 0);
  return run(function (d, tot) { if (id === state.run) showProgress(d, tot); }).then(function (R) {
    if (id !== state.run) return;
    EKV.last = R;
    state.result = R;
    if (!state.chosen && R.language && TABLES[R.language]) state.lang = R.language;
    $("progress").hidden = true;
    renderStatic();
    $("status").textContent = t("verdict_" + R.verdict);
  });
}

function fatal(code, name) {
  var R = { kind: "file", name: name, checks: [], exhibits: [], files: [], extras: [], cert: null, bundleFp: null,
            language: null, title: "", fatal: { code: code }, verdict: EKV.fatalVerdict(code) };
  return Promise.resolve(R);
}

// One dropped or picked file: a ZIP is verified, a PDF or anything else explained.
function checkFile(file) {
  return start(function (progress) {
    return EKV.readBlob(file, 0, 5).then(function (head) {
      var s = String.fromCharCode.apply(null, head);
      if (s.indexOf("%PDF") === 0) return fatal("pdf", file.name);
      if (s.indexOf("PK") !== 0) return fatal("not_bundle", file.name);
      return EKV.zipOpen(file).then(function (info) {
        return EKV.verify(EKV.zipSource(file, info), progress);
      });
    }).catch(function (e) {
      return fatal(e instanceof EKV.ZipError ? e.code : "read_error", file.name);
    });
  });
}

// Several files with their paths (a folder): the folder holding manifest.json is the bundle.
function checkFiles(list) {
  if (list.length === 1 && list[0].path.indexOf("/") < 0) return checkFile(list[0].file);
  var prefix = EKV.bundleRoot(list.map(function (f) { return f.path; }));
  if (prefix === null) {
    var zips = list.filter(function (f) { return /\.zip$/i.test(f.path); });
    if (zips.length === 1) return checkFile(zips[0].file);
    return start(function () { return fatal("no_manifest", ""); });
  }
  var files = {};
  list.forEach(function (f) { if (f.path.indexOf(prefix) === 0) files[f.path.slice(prefix.length)] = f.file; });
  var label = prefix.replace(/\/$/, "") || EKV.format.manifest;
  return start(function (progress) { return EKV.verify(EKV.folderSource(files, label), progress); });
}
EKV.checkFiles = checkFiles;

// Everything below a dropped folder, with paths; readEntries gives at most ~100 at a time.
function walk(entry, path, out) {
  if (entry.isFile) {
    return new Promise(function (resolve, reject) {
      entry.file(function (f) { out.push({ path: path + entry.name, file: f }); resolve(); }, reject);
    });
  }
  if (!entry.isDirectory) return Promise.resolve();
  var reader = entry.createReader();
  function more() {
    return new Promise(function (resolve, reject) { reader.readEntries(resolve, reject); }).then(function (batch) {
      if (!batch.length) return;
      return batch.reduce(function (p, e) {
        return p.then(function () { return walk(e, path + entry.name + "/", out); });
      }, Promise.resolve()).then(more);
    });
  }
  return more();
}

// All files below the dropped entries, with their paths.
EKV.collectEntries = function (entries) {
  var out = [];
  return entries.reduce(function (p, e) { return p.then(function () { return walk(e, "", out); }); }, Promise.resolve())
    .then(function () { return out; });
};

function onDrop(ev) {
  ev.preventDefault();
  $("drop").classList.remove("over");
  var dt = ev.dataTransfer, entries = [];
  // the entries must be taken now: the drop's data is gone once the handler returns
  if (dt.items && dt.items.length && dt.items[0].webkitGetAsEntry) {
    for (var i = 0; i < dt.items.length; i++) {
      var en = dt.items[i].webkitGetAsEntry();
      if (en) entries.push(en);
    }
  }
  if (entries.length === 1 && entries[0].isFile && dt.files.length === 1) return checkFile(dt.files[0]);
  if (!entries.length) {
    var files = Array.prototype.map.call(dt.files, function (f) { return { path: f.name, file: f }; });
    return files.length ? checkFiles(files) : undefined;
  }
  return EKV.collectEntries(entries)
    .then(checkFiles, function () { return start(function () { return fatal("read_error", ""); }); });
}

function init() {
  $("app").hidden = false;
  $("langs").hidden = false;
  $("guide").open = false;
  Array.prototype.forEach.call(document.querySelectorAll("#langs button"), function (b) {
    b.addEventListener("click", function () { state.lang = b.getAttribute("data-lang"); state.chosen = true; renderStatic(); });
  });
  var drop = $("drop");
  document.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
  document.addEventListener("dragleave", function (e) { if (!e.relatedTarget) drop.classList.remove("over"); });
  document.addEventListener("drop", onDrop);
  $("pick-zip").addEventListener("change", function (e) {
    var f = e.target.files;
    if (f.length) checkFile(f[0]);
    e.target.value = "";
  });
  $("pick-dir").addEventListener("change", function (e) {
    var list = Array.prototype.map.call(e.target.files, function (f) { return { path: f.webkitRelativePath || f.name, file: f }; });
    if (list.length) checkFiles(list);
    e.target.value = "";
  });
  renderStatic();
}

init();
