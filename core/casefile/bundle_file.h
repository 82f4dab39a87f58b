#pragma once

#include <QString>

namespace facecase {

// One file of a case bundle as the manifest lists it. Plain value.
struct BundleFile {
    QString path;    // relative to the bundle root, '/'-separated: "evidence/<sha256>.png"
    QString sha256;  // lower-case hex
    qint64 size = 0;
    QString role;    // "evidence", "audit", "audit_chain", "report"
};

}  // namespace facecase
