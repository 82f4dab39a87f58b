#pragma once

#include "services/enrollment/enrollment_input.h"
#include "types/result.h"

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <optional>

namespace facecase {

// Where an enrollment's files come from: a folder tree or a CSV manifest. Streams its inputs
// one at a time (memory flat for any size). Used by one thread at a time.
class EnrollmentSource {
public:
    virtual ~EnrollmentSource() = default;

    // The absolute folder or manifest path: with the gallery, what identifies a job to resume.
    virtual QString location() const = 0;
    // What the job records about how inputs were read: {"mode": "folder"|"manifest", ...}.
    virtual QJsonObject describe() const = 0;
    // SHA-256 (lower-case hex) of the list the inputs come from, for the audit record that
    // starts the job: the manifest file's bytes; empty for a folder, which has no such list.
    // Reads the whole manifest (~1 s per GB).
    virtual Result<QString> listSha256() const { return QString(); }

    // Starts (again) from the first input. Fails when the folder or manifest cannot be used
    // at all (missing, unreadable, no `path` column, ...).
    virtual Result<void> open() = 0;
    // The next input, or nullopt at the end. A problem with one input is in the input
    // (EnrollmentInput::problem), not an error; errors mean the source itself broke.
    virtual Result<std::optional<EnrollmentInput>> next() = 0;
    // How many inputs a full pass yields (a separate pass; ~1 s per 300,000 files or rows).
    // Returns Cancelled when `cancel` is set meanwhile.
    virtual Result<qint64> count(const std::atomic_bool* cancel = nullptr) = 0;
    // Files under `folder` are not inputs: the enrollment excludes its own workspace, so
    // `--folder . --workspace ./ws` never enrolls the database or its lock files.
    virtual void excludeFolder(const QString& folder) { (void)folder; }
};

}  // namespace facecase
