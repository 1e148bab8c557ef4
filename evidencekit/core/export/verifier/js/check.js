// What the page checks, as values ({id, status, params}): the UI turns them into sentences in
// the reader's language. Mirrors the ZIP part of `evidencekit verify` (verify_bundle.py); the
// PDF's own signature, the timestamp tokens and the custody log are left to the PDF reader and
// to `evidencekit verify`, and the page says so.

EKV.config = {
  memLimit: 64 * 1024 * 1024,  // above this a file is hashed in chunks by our own SHA-256
  chunk: 4 * 1024 * 1024,
  metaLimit: 64 * 1024 * 1024  // manifest, checksum files
};

// The bundle's file names and the archive signature's layout, as format.py defines them (the page
// is rendered with them: one home for the format).
var F = EKV.format = JSON.parse(document.getElementById("ek-format").textContent);
var META = [F.manifest, F.manifest_sig, F.cert, F.sha256sums, F.sm3sums];  // the members the manifest cannot list
var ZIP_SIG_MAGIC = F.zip_sig_magic, ZIP_SIG_LEN = F.zip_sig_len;
// What operating systems leave in an unpacked folder; not part of the bundle.
var JUNK = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini|\._[^\/]*)$|^__MACOSX\//i;

EKV.hasWebCrypto = function () {
  return window.isSecureContext !== false && !!(window.crypto && crypto.subtle && crypto.subtle.verify);
};

// Where the bundle starts among these paths: the folder of the shallowest manifest.json
// ("" at the top; "bundle/" in a ZIP someone re-packed from an unpacked folder); null if none.
EKV.bundleRoot = function (paths) {
  var best = null;
  paths.forEach(function (p) {
    var inFolder = p.length > F.manifest.length && p.slice(-F.manifest.length - 1) === "/" + F.manifest;
    if ((p === F.manifest || inFolder) && (best === null || p.length < best.length)) best = p;
  });
  return best === null ? null : best.slice(0, best.length - F.manifest.length);
};

// A ZIP as a source of named members (relative to the bundle's root inside it).
EKV.zipSource = function (file, info) {
  var byName = {}, names = [];
  var root = EKV.bundleRoot(info.entries.map(function (e) { return e.name; })) || "";
  info.entries.forEach(function (e) {
    if (/\/$/.test(e.name)) return;  // a folder entry holds nothing
    var inside = e.name.indexOf(root) === 0, rel = inside ? e.name.slice(root.length) : e.name;
    if (inside && !(rel in byName)) byName[rel] = e;
    names.push(rel);  // what lies outside the root is reported as not in the manifest
  });
  return {
    kind: "zip", name: file.name, file: file, info: info, root: root,
    names: names,
    has: function (n) { return Object.prototype.hasOwnProperty.call(byName, n); },
    size: function (n) { return byName[n].usize; },
    each: function (n, cb) { return EKV.zipEach(file, byName[n], cb); },
    read: function (n, limit) { return EKV.zipRead(file, byName[n], limit); }
  };
};

// An unpacked folder (path relative to the folder holding manifest.json -> File) as a source.
EKV.folderSource = function (files, label) {
  return {
    kind: "folder", name: label, names: Object.keys(files),
    has: function (n) { return Object.prototype.hasOwnProperty.call(files, n); },
    size: function (n) { return files[n].size; },
    each: function (n, cb) { return EKV.blobEach(files[n], cb); },
    read: function (n, limit) {
      if (files[n].size > limit) return Promise.reject(new EKV.ZipError("zip_too_large", n));
      return EKV.readBlob(files[n], 0, files[n].size);
    }
  };
};

// Both digests of a member: crypto.subtle.digest when the file fits the memory limit, else our
// own SHA-256 chunk by chunk (digest() takes the whole file at once).
EKV.digest = function (src, name, onBytes, R) {
  if (EKV.hasWebCrypto() && src.size(name) <= EKV.config.memLimit) {
    return src.read(name, EKV.config.memLimit).then(function (all) {
      return crypto.subtle.digest("SHA-256", all).then(function (h) {
        onBytes(all.length);
        return { size: all.length, sha256: EKV.hex(new Uint8Array(h)), sm3: EKV.hex(EKV.sm3(all)) };
      });
    });
  }
  R.chunked += 1;
  var sha = EKV.Sha256(), sm3 = EKV.Sm3(), n = 0;
  return src.each(name, function (c) { sha.update(c); sm3.update(c); n += c.length; onBytes(c.length); })
    .then(function () { return { size: n, sha256: EKV.hex(sha.digest()), sm3: EKV.hex(sm3.digest()) }; });
};

// The SHA-256 of the first `end` bytes of a Blob, in memory or in chunks.
function blobSha256(blob, end, onBytes, R) {
  if (EKV.hasWebCrypto() && end <= EKV.config.memLimit) {
    return EKV.readBlob(blob, 0, end).then(function (all) {
      return crypto.subtle.digest("SHA-256", all).then(function (h) { onBytes(end); return EKV.hex(new Uint8Array(h)); });
    });
  }
  R.chunked += 1;
  var sha = EKV.Sha256();
  return EKV.blobEach(blob.slice(0, end), function (c) { sha.update(c); onBytes(c.length); })
    .then(function () { return EKV.hex(sha.digest()); });
}

EKV.merkleRoot = function (leavesHex, algo) {
  var h = algo === "sm3" ? EKV.sm3 : EKV.sha256;
  if (!leavesHex.length) return EKV.hex(h(new Uint8Array(0)));
  var level = leavesHex.map(function (x) {
    var b = EKV.fromHex(x);
    if (!b) throw new Error("bad digest");
    return h(EKV.concat([new Uint8Array([0]), b]));
  });
  while (level.length > 1) {
    var next = [];
    for (var i = 0; i + 1 < level.length; i += 2) next.push(h(EKV.concat([new Uint8Array([1]), level[i], level[i + 1]])));
    if (level.length % 2) next.push(level[level.length - 1]);
    level = next;
  }
  return EKV.hex(level[0]);
};

function screenZip(src) {
  var seen = {}, bad = [];
  src.info.entries.forEach(function (e) {
    var n = e.name, why = "";
    if (seen[n]) why = "duplicate";
    else if (/^[\/\\]|^[A-Za-z]:|\\/.test(n) || n.split("/").some(function (p) { return p === ".." || p === "."; }) ||
             n.indexOf("\u0000") >= 0) why = "path";
    else if ((e.mode & 0xf000) === 0xa000) why = "link";
    else if (e.flags & 1) why = "encrypted";
    seen[n] = true;
    if (why) bad.push(n);
  });
  return bad;
}

function zipComment(src) {
  var c = src.info.comment;
  if (c.length !== ZIP_SIG_LEN) return null;
  var s = String.fromCharCode.apply(null, c);
  if (s.indexOf(ZIP_SIG_MAGIC) !== 0) return null;
  var sig = s.slice(ZIP_SIG_MAGIC.length).replace(/ +$/, "");
  return { sig: sig, exact: (ZIP_SIG_MAGIC + sig + " ".repeat(ZIP_SIG_LEN)).slice(0, ZIP_SIG_LEN) === s };
}

// Verify a bundle source. progress(doneBytes, totalBytes) is called as hashing goes.
// Resolves to the result; never rejects (a failure is a finding).
EKV.verify = function (src, progress) {
  progress = progress || function () {};
  var R = { kind: src.kind, name: src.name, checks: [], exhibits: [], files: [], extras: [], cert: null,
            bundleFp: null, language: null, title: "", createdAt: "", redacted: false, webcrypto: EKV.hasWebCrypto(),
            chunked: 0, fatal: null, verdict: null };
  function add(id, status, params) { R.checks.push({ id: id, status: status, params: params || {} }); }
  var has = src.has, manifestBytes, sigText, certDer = null, manifest;
  var done = 0, total = 0;
  function onBytes(n) { done += n; progress(done, total); }
  function readOpt(name, limit) {
    if (!has(name)) return Promise.resolve(null);
    return src.read(name, limit);
  }

  if (src.kind === "zip") {
    var bad = screenZip(src);
    add("structure", bad.length ? "fail" : "ok", { names: bad.slice(0, 5).join(", "), count: src.names.length });
  }
  if (!has(F.manifest)) {
    R.fatal = { code: has(F.pdf) ? "no_manifest_pdf" : "no_manifest" };
    return Promise.resolve(finish(R));
  }
  return Promise.all([readOpt(F.manifest, EKV.config.metaLimit), readOpt(F.manifest_sig, 4096),
                      readOpt(F.cert, 1 << 20)])
    .then(function (parts) {
      manifestBytes = parts[0];
      try { sigText = parts[1] ? EKV.decodeUtf8(parts[1]).trim() : null; } catch (e) { sigText = null; }
      if (parts[2]) {
        try { certDer = EKV.pemToDer(EKV.decodeUtf8(parts[2])); } catch (e) { certDer = null; }
      }
      try { manifest = JSON.parse(EKV.decodeUtf8(manifestBytes)); } catch (e) { manifest = null; }
      if (!manifest || typeof manifest !== "object" || !Array.isArray(manifest.files) || !Array.isArray(manifest.items)) {
        R.fatal = { code: "manifest_bad" };
        return;
      }
      R.language = typeof manifest.language === "string" ? manifest.language : null;
      R.title = manifest.case && typeof manifest.case.title === "string" ? manifest.case.title : "";
      R.createdAt = typeof manifest.created_at === "string" ? manifest.created_at : "";
      R.redacted = manifest.redacted === true;
      // what will be hashed, so that the progress only goes forward
      var planned = {};
      manifest.files.forEach(function (r) {
        if (r && typeof r.path === "string" && has(r.path) && !planned[r.path]) { planned[r.path] = 1; total += src.size(r.path); }
      });
      return checkSignatures().then(checkFiles);
    })
    .catch(function (e) {
      R.fatal = { code: e instanceof EKV.ZipError ? e.code : "internal", detail: e instanceof EKV.ZipError ? e.detail : String(e) };
    })
    .then(function () { return finish(R); });

  function checkSignatures() {
    var cert = certDer ? EKV.parseCert(certDer) : null;
    if (cert) {
      R.cert = { fingerprint: EKV.hex(EKV.sha256(certDer)), cn: cert.cn, kind: cert.kind };
      var want = manifest.certificate_sha256;
      add("cert", want === R.cert.fingerprint ? "ok" : "fail", { fp: R.cert.fingerprint });
    } else {
      add("cert", "fail", { missing: !certDer });
    }
    var supported = cert && (cert.kind === "ec" || cert.kind === "rsa");
    var steps = Promise.resolve();
    if (src.kind === "zip") {
      var zc = zipComment(src);
      if (!zc) add("archive", "warn");
      else if (!R.webcrypto) add("archive", "skip");
      else if (!zc.exact || !EKV.b64decode(zc.sig) || !supported) add("archive", "fail");
      else {
        total += src.info.size - ZIP_SIG_LEN;
        steps = blobSha256(src.file, src.info.size - ZIP_SIG_LEN, onBytes, R).then(function (h) {
          var msg = EKV.utf8(F.zip_signed_prefix + h);
          return EKV.verifySignature(cert, EKV.b64decode(zc.sig), msg);
        }).then(function (ok) { add("archive", ok ? "ok" : "fail"); },
                function () { add("archive", "fail"); });
      }
    } else {
      add("archive", "na");
    }
    return steps.then(function () {
      var sig = sigText === null ? null : EKV.b64decode(sigText);
      if (!R.webcrypto) { add("manifest_sig", "skip"); return; }
      if (!sig || !supported) { add("manifest_sig", "fail", { missing: sigText === null }); return; }
      return EKV.verifySignature(cert, sig, manifestBytes).then(function (ok) {
        add("manifest_sig", ok ? "ok" : "fail");
      }, function () { add("manifest_sig", "fail"); });
    });
  }

  function checkFiles() {
    var items = manifest.items.filter(function (r) { return r && typeof r === "object"; });
    try {
      var sha = EKV.merkleRoot(items.map(function (r) { return r.sha256; }), "sha256");
      var sm3 = EKV.merkleRoot(items.map(function (r) { return r.sm3; }), "sm3");
      var ok = sha === manifest.merkle_root_sha256 && sm3 === manifest.merkle_root_sm3;
      R.bundleFp = ok ? sha : null;
      add("merkle", ok ? "ok" : "fail", { fp: sha });
    } catch (e) {
      add("merkle", "fail", {});
    }
    var listed = {}, order = [];
    manifest.files.forEach(function (r) {
      if (r && typeof r === "object" && typeof r.path === "string" && !listed[r.path]) { listed[r.path] = r; order.push(r.path); }
    });
    var itemOf = {};
    items.forEach(function (r) { if (typeof r.file === "string" && r.file) itemOf[r.file] = r; });
    var results = {};
    var seq = Promise.resolve();
    order.forEach(function (p) {
      seq = seq.then(function () {
        if (!has(p)) { results[p] = { status: "missing" }; return; }
        return EKV.digest(src, p, onBytes, R).then(function (got) {
          var rec = listed[p], it = itemOf[p];
          var same = got.size === rec.size && got.sha256 === rec.sha256 && got.sm3 === rec.sm3;
          if (it && (got.sha256 !== it.sha256 || got.sm3 !== it.sm3)) same = false;
          results[p] = { status: same ? "ok" : "changed", sha256: got.sha256, sm3: got.sm3 };
        }, function (e) {
          var code = e instanceof EKV.ZipError ? e.code : "unreadable";
          results[p] = { status: code === "zip_no_inflate" ? "no_inflate" : "unreadable", code: code };
        });
      });
    });
    return seq.then(function () {
      items.forEach(function (r) {
        var x = { exhibit: String(r.exhibit), title: typeof r.title === "string" ? r.title : "",
                  file: typeof r.file === "string" ? r.file : "", sha256: String(r.sha256 || "") };
        if (!x.file) x.status = "not_included";
        else if (!listed[x.file]) x.status = "unlisted";
        else { var res = results[x.file]; x.status = res.status; if (res.sha256) x.got = res.sha256; }
        R.exhibits.push(x);
      });
      order.forEach(function (p) {
        if (!itemOf[p]) R.files.push({ path: p, status: results[p].status });
      });
      var bad = R.files.filter(function (f) { return f.status !== "ok"; });
      add("files", bad.some(function (f) { return f.status !== "no_inflate"; }) ? "fail" : bad.length ? "skip" : "ok",
          { count: R.files.length, bad: bad.map(function (f) { return f.path; }).join(", ") });
      src.names.forEach(function (n) {
        if (listed[n] || META.indexOf(n) >= 0 || /\/$/.test(n) || JUNK.test(n)) return;
        R.extras.push(n);
      });
      add("extras", R.extras.length ? "fail" : "ok", { names: R.extras.slice(0, 5).join(", "), count: R.extras.length });
      return checkSums(listed, order);
    });
  }

  function checkSums(listed, order) {
    var seq = Promise.resolve(), bad = [];
    [[F.sha256sums, "sha256"], [F.sm3sums, "sm3"]].forEach(function (pair) {
      seq = seq.then(function () { return readOpt(pair[0], EKV.config.metaLimit); }).then(function (b) {
        var sums = {}, n = 0;
        if (b === null) { bad.push(pair[0]); return; }
        EKV.decodeUtf8(b).split(/\r?\n/).forEach(function (line) {
          var i = line.indexOf("  ");
          if (i > 0) { sums[line.slice(i + 2)] = line.slice(0, i); n += 1; }
        });
        var ok = n === order.length && order.every(function (p) { return sums[p] === listed[p][pair[1]]; });
        if (!ok) bad.push(pair[0]);
      }).catch(function () { bad.push(pair[0]); });
    });
    return seq.then(function () { add("sums", bad.length ? "fail" : "ok", { names: bad.join(", ") }); });
  }
};

function finish(R) {
  var st = R.checks.map(function (c) { return c.status; });
  var ex = R.exhibits.map(function (x) { return x.status; });
  if (R.fatal) R.verdict = "fail";
  else if (st.indexOf("fail") >= 0 || ex.some(function (s) { return ["changed", "missing", "unreadable", "unlisted"].indexOf(s) >= 0; }))
    R.verdict = "fail";
  else if (st.indexOf("skip") >= 0 || ex.indexOf("no_inflate") >= 0) R.verdict = "incomplete";
  else if (st.indexOf("warn") >= 0) R.verdict = "warn";
  else R.verdict = "ok";
  if (R.fatal) R.verdict = EKV.fatalVerdict(R.fatal.code);
  return R;
}

// Input that is not a bundle cannot be checked; a bundle that cannot be read has failed.
EKV.fatalVerdict = function (code) {
  if (code === "zip_no_inflate") return "incomplete";
  if (["pdf", "not_bundle", "read_error", "no_manifest", "zip_not_zip"].indexOf(code) >= 0) return "cannot";
  return "fail";
};
