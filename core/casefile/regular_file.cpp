#include "casefile/regular_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace facecase {

namespace {
QString typeName(mode_t mode) {
    if (S_ISDIR(mode)) return QStringLiteral("a folder");
    if (S_ISFIFO(mode)) return QStringLiteral("a FIFO");
    if (S_ISSOCK(mode)) return QStringLiteral("a socket");
    if (S_ISCHR(mode) || S_ISBLK(mode)) return QStringLiteral("a device");
    if (S_ISLNK(mode)) return QStringLiteral("a symbolic link");
    return QStringLiteral("not a regular file");
}
}  // namespace

Result<void> RegularFile::open(QFile& file, const QString& path, Links links) {
    const int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (links == Links::Refuse ? O_NOFOLLOW : 0);
    const int fd = ::open(QFile::encodeName(path).constData(), flags);
    if (fd < 0) {
        const int error = errno;
        if (error == ELOOP) return Error::invalidInput(QStringLiteral("%1: a symbolic link, not a regular file; not read").arg(path));
        if (error == ENOENT) return Error::notFound(QStringLiteral("%1: no such file").arg(path));
        return Error::invalidInput(QStringLiteral("%1: cannot read (%2)").arg(path, QString::fromLocal8Bit(std::strerror(error))));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        const QString what = typeName(info.st_mode);
        ::close(fd);
        return Error::invalidInput(QStringLiteral("%1: %2, not a regular file; not read").arg(path, what));
    }
    // Reads of a regular file never block; the flag only mattered for the open itself.
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return Error::invalidInput(QStringLiteral("%1: cannot read (%2)").arg(path, file.errorString()));
    }
    return {};
}

}  // namespace facecase
