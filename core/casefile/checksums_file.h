#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <map>
#include <vector>

#include "casefile/bundle_file.h"

namespace facecase {

// SHA256SUMS in the one form the exporter writes it: a line `<64 lower-case hex><two
// spaces><relative path>\n` per file, paths sorted (QString order, which for the ASCII names of a
// bundle is byte order), LF line ends, no byte-order mark, nothing else. `sha256sum -c` reads
// it; so does a verifier, which refuses every other form: a checker that took the last of two
// lines for a path would pass a bundle on which `sha256sum -c` fails. Stateless; thread-safe.
class ChecksumsFile {
public:
    struct Parsed {
        std::map<QString, QString> sums;  // path -> SHA-256, from the first line naming it
        QStringList problems;             // each naming its line; empty for the exporter's form
    };

    // `files` in any order; written sorted by path.
    static QByteArray write(std::vector<BundleFile> files);
    static Parsed parse(const QByteArray& bytes);
};

}  // namespace facecase
