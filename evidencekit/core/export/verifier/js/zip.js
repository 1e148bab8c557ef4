// Reading a ZIP from a File without unpacking it: the central directory (ZIP64 too), each
// entry's bytes as stored, or inflated through DecompressionStream("deflate-raw").

function ZipError(code, detail) { this.code = code; this.detail = detail || ""; }
EKV.ZipError = ZipError;

function u16(b, o) { return b[o] | (b[o + 1] << 8); }
function u32(b, o) { return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0; }
function u64(b, o) { return u32(b, o) + u32(b, o + 4) * 4294967296; }

// Code page 437, bytes 0x80-0xFF: names without the UTF-8 flag are in it (APPNOTE 4.4.4).
var CP437 = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀" +
            "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

function decodeName(bytes, utf8) {
  if (utf8) return EKV.decodeUtf8(bytes);
  var s = "";
  for (var i = 0; i < bytes.length; i++) s += bytes[i] < 128 ? String.fromCharCode(bytes[i]) : CP437[bytes[i] - 128];
  return s;
}

// The archive's entries and comment. Throws ZipError("zip_not_zip" | "zip_damaged", detail).
EKV.zipOpen = function (blob) {
  var size = blob.size;
  var tailStart = Math.max(0, size - 22 - 65535);
  return EKV.readBlob(blob, tailStart, size).then(function (tail) {
    var e = -1;
    // The end record whose comment reaches exactly to the end of the file, searched backwards
    // (a comment may itself contain the signature bytes).
    for (var p = tail.length - 22; p >= 0; p--) {
      if (u32(tail, p) === 0x06054b50 && p + 22 + u16(tail, p + 20) === tail.length) { e = p; break; }
    }
    if (e < 0) throw new ZipError("zip_not_zip");
    var count = u16(tail, e + 10), cdSize = u32(tail, e + 12), cdOff = u32(tail, e + 16);
    var info = { size: size, comment: tail.slice(e + 22), eocd: tailStart + e, zip64: false };
    var l = e - 20;
    // A ZIP64 locator before the end record: its record holds the true values (a writer may
    // leave the classic fields valid too, or set them to all ones).
    if (l >= 0 && u32(tail, l) === 0x07064b50) {
      var recOff = u64(tail, l + 8);
      return EKV.readBlob(blob, recOff, recOff + 56).then(function (rec) {
        if (rec.length < 56 || u32(rec, 0) !== 0x06064b50) throw new ZipError("zip_damaged", "ZIP64 end record");
        info.zip64 = true;
        return readDirectory(blob, info, u64(rec, 32), u64(rec, 40), u64(rec, 48));
      });
    }
    if (count === 0xffff || cdSize === 0xffffffff || cdOff === 0xffffffff) throw new ZipError("zip_damaged", "ZIP64 locator");
    return readDirectory(blob, info, count, cdSize, cdOff);
  });
};

function readDirectory(blob, info, count, cdSize, cdOff) {
  if (cdOff + cdSize > info.size || cdSize > 256 * 1024 * 1024) throw new ZipError("zip_damaged", "central directory");
  return EKV.readBlob(blob, cdOff, cdOff + cdSize).then(function (cd) {
    var entries = [], p = 0;
    for (var k = 0; k < count; k++) {
      if (p + 46 > cd.length || u32(cd, p) !== 0x02014b50) throw new ZipError("zip_damaged", "central directory entry " + k);
      var flags = u16(cd, p + 8), nameLen = u16(cd, p + 28), extraLen = u16(cd, p + 30), commLen = u16(cd, p + 32);
      var end = p + 46 + nameLen + extraLen + commLen;
      if (end > cd.length) throw new ZipError("zip_damaged", "central directory entry " + k);
      var name;
      try { name = decodeName(cd.subarray(p + 46, p + 46 + nameLen), flags & 0x800); } catch (err) {
        throw new ZipError("zip_damaged", "entry name " + k);
      }
      var ent = { name: name, flags: flags, method: u16(cd, p + 10), crc: u32(cd, p + 16),
                  csize: u32(cd, p + 20), usize: u32(cd, p + 24), offset: u32(cd, p + 42),
                  mode: u32(cd, p + 38) >>> 16 };
      // ZIP64 extra field: the 64-bit values, in this order, of the fields set to 0xFFFFFFFF
      var x = p + 46 + nameLen, xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        var id = u16(cd, x), len = u16(cd, x + 2), q = x + 4;
        if (id === 0x0001) {
          if (ent.usize === 0xffffffff && q + 8 <= x + 4 + len) { ent.usize = u64(cd, q); q += 8; }
          if (ent.csize === 0xffffffff && q + 8 <= x + 4 + len) { ent.csize = u64(cd, q); q += 8; }
          if (ent.offset === 0xffffffff && q + 8 <= x + 4 + len) { ent.offset = u64(cd, q); q += 8; }
        }
        x += 4 + len;
      }
      entries.push(ent);
      p = end;
    }
    info.entries = entries;
    return info;
  });
}

// Where the entry's data starts (after its local header); checks the local header agrees.
function dataStart(blob, ent) {
  if (ent.dataStart !== undefined) return Promise.resolve(ent.dataStart);
  return EKV.readBlob(blob, ent.offset, ent.offset + 30).then(function (h) {
    if (h.length < 30 || u32(h, 0) !== 0x04034b50) throw new ZipError("zip_damaged", ent.name);
    var n = u16(h, 26), x = u16(h, 28);
    return EKV.readBlob(blob, ent.offset + 30, ent.offset + 30 + n).then(function (nb) {
      var local;
      try { local = decodeName(nb, u16(h, 6) & 0x800); } catch (err) { local = null; }
      if (local !== ent.name) throw new ZipError("zip_damaged", ent.name);
      ent.dataStart = ent.offset + 30 + n + x;
      if (ent.dataStart + ent.csize > blob.size) throw new ZipError("zip_damaged", ent.name);
      return ent.dataStart;
    });
  });
}

EKV.canInflate = function () {
  try { new DecompressionStream("deflate-raw"); return true; } catch (e) { return false; }
};

// Calls onChunk(Uint8Array) for each piece of the entry's content, in order (each may be a
// promise). Throws ZipError("zip_encrypted" | "zip_method" | "zip_no_inflate" | "zip_damaged").
EKV.zipEach = function (blob, ent, onChunk, chunkSize) {
  chunkSize = chunkSize || EKV.config.chunk;
  if (ent.flags & 1) return Promise.reject(new ZipError("zip_encrypted", ent.name));
  if (ent.method !== 0 && ent.method !== 8) return Promise.reject(new ZipError("zip_method", ent.name));
  if (ent.method === 8 && !EKV.canInflate()) return Promise.reject(new ZipError("zip_no_inflate", ent.name));
  return dataStart(blob, ent).then(function (start) {
    if (ent.method === 0) {
      if (ent.csize !== ent.usize) throw new ZipError("zip_damaged", ent.name);
      return EKV.blobEach(blob.slice(start, start + ent.csize), onChunk, chunkSize);
    }
    var reader = blob.slice(start, start + ent.csize).stream()
      .pipeThrough(new DecompressionStream("deflate-raw")).getReader();
    var got = 0;
    function pump() {
      return reader.read().then(function (r) {
        if (r.done) {
          if (got !== ent.usize) throw new ZipError("zip_damaged", ent.name);
          return;
        }
        got += r.value.length;
        // more than the directory promised: stop before a zip bomb fills the memory
        if (got > ent.usize) { reader.cancel(); throw new ZipError("zip_damaged", ent.name); }
        return Promise.resolve(onChunk(r.value)).then(pump);
      });
    }
    return pump().catch(function (err) {
      if (err instanceof ZipError) throw err;
      throw new ZipError("zip_damaged", ent.name + ": " + err);
    });
  });
};

// Calls onChunk for successive slices of a Blob or File.
EKV.blobEach = function (blob, onChunk, chunkSize) {
  chunkSize = chunkSize || EKV.config.chunk;
  var pos = 0;
  function next() {
    if (pos >= blob.size) return Promise.resolve();
    var end = Math.min(blob.size, pos + chunkSize);
    return EKV.readBlob(blob, pos, end).then(function (b) {
      pos = end;
      return Promise.resolve(onChunk(b)).then(next);
    });
  }
  return next();
};

// The whole content of a small entry, at most `limit` bytes.
EKV.zipRead = function (blob, ent, limit) {
  if (ent.usize > limit) return Promise.reject(new ZipError("zip_too_large", ent.name));
  var parts = [];
  return EKV.zipEach(blob, ent, function (c) { parts.push(c); }).then(function () { return EKV.concat(parts); });
};
