#include "audit/audit_witness.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>

#include "audit/system_journal.h"

namespace facecase {

namespace {
constexpr qint64 kMaxLineBytes = 4096;
}

QByteArray AuditWitness::formatLine(const AuditAnchor& anchor) {
    // The workspace last: a path may hold spaces, and everything after "workspace=" is it.
    // Line breaks in it would split the line; none of FaceCase's paths or URLs has one, but a
    // folder name could.
    QString workspace = anchor.workspace;
    workspace.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\r'), QLatin1Char(' '));
    return QStringLiteral("%1 seq=%2 hash=%3 workspace=%4\n")
        .arg(anchor.at)
        .arg(anchor.seq)
        .arg(anchor.hash, workspace)
        .toUtf8();
}

std::optional<AuditAnchor> AuditWitness::parseLine(const QByteArray& line) {
    static const QRegularExpression pattern(QStringLiteral(
        "^(\\S+) seq=([1-9][0-9]{0,17}) hash=([0-9a-f]{64}) workspace=(.*)$"));
    const auto match = pattern.match(QString::fromUtf8(line).chopped(line.endsWith('\n') ? 1 : 0));
    if (!match.hasMatch()) return std::nullopt;
    AuditAnchor anchor;
    anchor.at = match.captured(1);
    anchor.seq = match.captured(2).toLongLong();
    anchor.hash = match.captured(3);
    anchor.workspace = match.captured(4);
    return anchor;
}

Result<void> AuditWitness::anchor(const QString& path, const AuditAnchor& anchor) {
    const QByteArray line = formatLine(anchor);
    SystemJournal::note(QString::fromUtf8(line).trimmed());
    const QFileInfo info(path);
    if (!info.dir().exists() && !QDir().mkpath(info.absolutePath())) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot create the folder of the audit witness file").arg(info.absolutePath()));
    }
    // Unbuffered: the line goes out in one write() at the end of the file (O_APPEND), whole.
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot open the audit witness file (%2)").arg(path, file.errorString()));
    }
    if (file.write(line) != line.size()) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot write to the audit witness file (%2)").arg(path, file.errorString()));
    }
    return {};
}

void AuditWitness::anchorOrWarn(const QString& path, const AuditAnchor& anchor) {
    if (auto written = AuditWitness::anchor(path, anchor); !written) {
        qWarning("warning: audit record %lld is recorded, but its chain head was not anchored: %s",
                 static_cast<long long>(anchor.seq), qPrintable(written.errorMessage()));
    }
}

Result<AuditWitness::Contents> AuditWitness::read(const QString& path) {
    Contents contents;
    const QFileInfo info(path);
    if (!info.exists()) return contents;
    contents.found = true;
    if (!info.isFile()) {
        return Error::invalidInput(QStringLiteral("%1: the audit witness is not a file").arg(path));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot read the audit witness file (%2)").arg(path, file.errorString()));
    }
    while (!file.atEnd()) {
        QByteArray line = file.readLine(kMaxLineBytes);
        if (line.size() >= kMaxLineBytes - 1 && !line.endsWith('\n')) {
            // Skip the rest of an overlong line: it is one unreadable line, not several.
            while (!file.atEnd() && !line.endsWith('\n')) line = file.readLine(kMaxLineBytes);
            ++contents.unreadableLines;
            continue;
        }
        if (line.trimmed().isEmpty()) continue;
        if (auto anchor = parseLine(line)) contents.anchors.push_back(std::move(*anchor));
        else ++contents.unreadableLines;
    }
    if (file.error() != QFileDevice::NoError) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot read the audit witness file (%2)").arg(path, file.errorString()));
    }
    std::stable_sort(contents.anchors.begin(), contents.anchors.end(),
                     [](const AuditAnchor& a, const AuditAnchor& b) { return a.seq < b.seq; });
    return contents;
}

}  // namespace facecase
