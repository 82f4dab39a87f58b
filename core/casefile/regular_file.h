#pragma once

#include <QFile>
#include <QString>

#include "types/result.h"

namespace facecase {

// Opens a file of a bundle for reading only if it is a regular file. A FIFO put in place of an
// evidence file would block a plain open() until someone writes to it, so the file is opened
// non-blocking and its type checked on the open descriptor (fstat), not on the name: swapping
// the file between a check and the open changes nothing. Stateless; thread-safe.
class RegularFile {
public:
    enum class Links { Refuse, Follow };  // inside a bundle a symbolic link is refused
    // InvalidInput naming `path` and what it is instead ("a FIFO", "a symbolic link", …).
    static Result<void> open(QFile& file, const QString& path, Links links);
};

}  // namespace facecase
