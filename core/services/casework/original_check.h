#pragma once

#include <QJsonObject>
#include <QString>

namespace facecase {

// Whether a gallery face's original photo is where the record says, with the bytes the record
// says: its path and SHA-256 as enrolled. The one check behind the CLI's provenance and the
// GUI's (issue 12): an agency keeps originals on its own shares, which an analyst's workstation
// may not reach, and a file may be moved or edited. Only hashes, never decodes: ~10 ms for a
// 250x250 JPEG, a few hundred ms for a 12-MP photo on a network share.
//
// Stateless; any thread, meant for worker threads (file I/O). A FIFO or device left at the path
// is refused without blocking (RegularFile).
struct OriginalCheck {
    enum class State {
        Verified,     // readable, SHA-256 as on record
        Changed,      // readable, other bytes: not the photo that was enrolled
        Unreachable,  // missing, its folder missing (share down, moved), unreadable, not a file
    };
    State state = State::Unreachable;
    QString path;
    QString reason;         // Unreachable: why, in words ("no such file", "the folder … is not reachable")
    QString sha256OnDisk;   // Changed: the file's SHA-256 now

    static OriginalCheck of(const QString& path, const QString& sha256OnRecord);

    bool verified() const { return state == State::Verified; }
    static QString stateName(State state);  // "verified", "changed", "unreachable"
    // One sentence for an analyst: "verified (SHA-256 as enrolled)", "unreachable at PATH (…)".
    QString describe() const;
    // {"state", "path", "reason"?, "sha256_on_disk"?}: what the CLI prints in JSON.
    QJsonObject toJson() const;
};

}  // namespace facecase
