#pragma once

#include <QHash>
#include <QSet>
#include <QString>

#include <mutex>
#include <optional>

namespace facecase {

// The inputs an enrollment has read but not yet committed, by path and by SHA-256, so the
// reader can tell a repeated manifest row or a byte-identical copy of a photo that is still
// in flight (the database cannot know it yet). The reader adds, the writer removes after its
// commit; size is bounded by the items in flight. Thread-safe.
class EnrollmentInFlight {
public:
    // False if `path` is already in flight (then nothing is added).
    bool addPath(const QString& path);
    // Records that `path` holds the bytes `sha256`; returns the in-flight path that already
    // holds them, if any (then nothing is added).
    std::optional<QString> addHash(const QString& sha256, const QString& path);
    void remove(const QString& path, const QString& sha256);

private:
    std::mutex m_mutex;
    QSet<QString> m_paths;
    QHash<QString, QString> m_pathByHash;
};

}  // namespace facecase
