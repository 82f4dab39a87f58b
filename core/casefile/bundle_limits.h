#pragma once

#include <QtGlobal>

namespace facecase {

// How much of a case bundle a verifier reads into memory, and how far it lets any file grow.
// A bundle comes from outside (a USB stick, a mail attachment): a file that is larger than it
// may be is refused unread, and a ZIP entry is inflated in blocks with a running count, so a
// small ZIP that inflates to gigabytes stops at the limit. docs/casefile.md lists these.
namespace BundleLimits {
// manifest.json is read whole (its seal is over the bytes). A 5 probes x 50 candidates case
// writes about 0.5 MiB; 16 MiB leaves room for cases thirty times that size.
constexpr qint64 kManifestBytes = qint64(16) << 20;
// SHA256SUMS is read whole: about 100 bytes a file, so 16 MiB is over 150,000 files.
constexpr qint64 kChecksumsBytes = qint64(16) << 20;
// audit-chain.json is parsed whole: one ~200-byte link per record of the workspace log from the
// case's first record to the head, other cases' records included.
constexpr qint64 kChainBytes = qint64(256) << 20;
// audit.jsonl is streamed a line at a time; one record (a search_run with its candidates is the
// largest, a few KiB) may not exceed this.
constexpr qint64 kAuditLineBytes = qint64(1) << 20;
// Any other file, when no manifest says its size (evidence is otherwise bounded by the size
// manifest.json lists for it): larger than any photo or report FaceCase exports.
constexpr qint64 kFileBytes = qint64(4) << 30;
// The ZIP's central directory is read whole; its entries are counted before that.
constexpr qint64 kZipDirectoryBytes = qint64(64) << 20;
constexpr qint64 kZipEntries = 1'000'000;
}  // namespace BundleLimits

}  // namespace facecase
