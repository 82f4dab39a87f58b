#pragma once

#include <QJsonObject>
#include <QString>

namespace facecase {

// One file an enrollment source names, with the subject it belongs to. Plain value.
struct EnrollmentInput {
    // Absolute, cleaned path: the key of the job's item for this file. For a manifest row that
    // names no usable file: "<manifest path>:<line>".
    QString path;
    QString subjectExternalId;  // booking number, folder name, pattern capture; may be empty
    QString subjectName;
    QJsonObject subjectAttributes;  // the manifest's other columns
    // Set when the input itself is unusable (a malformed manifest row): the item is reported
    // as unreadable with this message, and no file is read.
    QString problem;
    // Appended to the item's message (e.g. "file name does not match the subject pattern").
    QString note;
    int line = 0;  // manifest line (first physical line of the row); 0 for folder inputs

    bool hasSubject() const { return !subjectExternalId.isEmpty() || !subjectName.isEmpty(); }
};

}  // namespace facecase
