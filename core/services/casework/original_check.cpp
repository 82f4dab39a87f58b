#include "services/casework/original_check.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "casefile/regular_file.h"

namespace facecase {

namespace {
OriginalCheck unreachable(const QString& path, QString reason) {
    OriginalCheck check;
    check.state = OriginalCheck::State::Unreachable;
    check.path = path;
    check.reason = std::move(reason);
    return check;
}

// RegularFile's messages start with the path, which the check names separately.
QString withoutPath(const QString& message, const QString& path) {
    const QString prefix = path + QStringLiteral(": ");
    return message.startsWith(prefix) ? message.mid(prefix.size()) : message;
}
}  // namespace

OriginalCheck OriginalCheck::of(const QString& path, const QString& sha256OnRecord) {
    if (path.isEmpty()) return unreachable(path, QStringLiteral("no path on record"));
    const QFileInfo info(path);
    if (!info.exists()) {
        // A missing folder is the usual sign of a share that is not mounted or a folder moved;
        // say which, so the analyst knows whom to ask.
        const QString folder = info.absolutePath();
        if (!QFileInfo(folder).isDir()) {
            return unreachable(path, QStringLiteral("its folder %1 is not reachable (network share "
                                                    "not mounted, or the folder was moved)")
                                         .arg(QDir::toNativeSeparators(folder)));
        }
        return unreachable(path, QStringLiteral("no such file (moved or deleted)"));
    }
    QFile file;
    if (auto opened = RegularFile::open(file, path, RegularFile::Links::Follow); !opened) {
        return unreachable(path, withoutPath(opened.errorMessage(), path));
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) {
        return unreachable(path, QStringLiteral("cannot read (%1)").arg(file.errorString()));
    }
    OriginalCheck check;
    check.path = path;
    const QString onDisk = QString::fromLatin1(hash.result().toHex());
    if (sha256OnRecord.isEmpty() || onDisk.compare(sha256OnRecord, Qt::CaseInsensitive) == 0) {
        check.state = State::Verified;
    } else {
        check.state = State::Changed;
        check.sha256OnDisk = onDisk;
    }
    return check;
}

QString OriginalCheck::stateName(State state) {
    switch (state) {
        case State::Verified:
            return QStringLiteral("verified");
        case State::Changed:
            return QStringLiteral("changed");
        case State::Unreachable:
            return QStringLiteral("unreachable");
    }
    return {};
}

QString OriginalCheck::describe() const {
    switch (state) {
        case State::Verified:
            return QStringLiteral("reachable and verified (SHA-256 as enrolled)");
        case State::Changed:
            return QStringLiteral("changed since enrollment (SHA-256 %1\u2026 on disk); not the "
                                  "photo that was enrolled")
                .arg(sha256OnDisk.left(12));
        case State::Unreachable:
            return QStringLiteral("unreachable at %1: %2")
                .arg(QDir::toNativeSeparators(path), reason);
    }
    return {};
}

QJsonObject OriginalCheck::toJson() const {
    QJsonObject json{{QStringLiteral("state"), stateName(state)}, {QStringLiteral("path"), path}};
    if (!reason.isEmpty()) json.insert(QStringLiteral("reason"), reason);
    if (!sha256OnDisk.isEmpty()) json.insert(QStringLiteral("sha256_on_disk"), sha256OnDisk);
    return json;
}

}  // namespace facecase
