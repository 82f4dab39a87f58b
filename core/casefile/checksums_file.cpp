#include "casefile/checksums_file.h"

#include <QDir>
#include <QRegularExpression>
#include <algorithm>

namespace facecase {

namespace {
// What a path of a bundle looks like: relative, '/'-separated, no "." or ".." part.
bool plainRelative(const QString& path) {
    return !path.isEmpty() && !QDir::isAbsolutePath(path) && QDir::cleanPath(path) == path &&
           path != QLatin1String("..") && !path.startsWith(QLatin1String("../")) && !path.contains(QLatin1Char('\\'));
}
}  // namespace

QByteArray ChecksumsFile::write(std::vector<BundleFile> files) {
    std::sort(files.begin(), files.end(), [](const BundleFile& a, const BundleFile& b) { return a.path < b.path; });
    QByteArray sums;
    for (const BundleFile& f : files) sums += f.sha256.toLatin1() + "  " + f.path.toUtf8() + '\n';
    return sums;
}

ChecksumsFile::Parsed ChecksumsFile::parse(const QByteArray& bytes) {
    Parsed parsed;
    QByteArray text = bytes;
    if (text.startsWith("\xEF\xBB\xBF")) {
        parsed.problems << QStringLiteral("starts with a UTF-8 byte-order mark, which the exporter never writes");
        text.remove(0, 3);
    }
    if (!text.isEmpty() && !text.endsWith('\n')) parsed.problems << QStringLiteral("its last line has no final newline");
    QList<QByteArray> lines = text.split('\n');
    if (text.endsWith('\n')) lines.removeLast();  // what follows the final newline

    static const QRegularExpression kLine(QStringLiteral("^([0-9a-f]{64})  (.+)$"));
    std::map<QString, qsizetype> firstLine;  // path -> line number
    QString previous;
    int crlf = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const qsizetype number = i + 1;
        QByteArray line = lines[i];
        if (line.endsWith('\r')) {
            if (crlf++ == 0) parsed.problems << QStringLiteral("line %1 ends in CR LF; the exporter writes LF").arg(number);
            line.chop(1);
        }
        const QRegularExpressionMatch m = kLine.match(QString::fromUtf8(line));
        if (!m.hasMatch() || !plainRelative(m.captured(2))) {
            parsed.problems << QStringLiteral("line %1 is not \"<64 lower-case hex>  <relative path>\"").arg(number);
            continue;
        }
        const QString path = m.captured(2);
        const auto [first, fresh] = firstLine.emplace(path, number);
        if (!fresh) {
            parsed.problems << (parsed.sums[path] == m.captured(1)
                                    ? QStringLiteral("line %1 repeats the line for %2 (line %3)").arg(number).arg(path).arg(first->second)
                                    : QStringLiteral("line %1 lists %2 again, with another SHA-256 than line %3")
                                          .arg(number).arg(path).arg(first->second));
            continue;
        }
        if (!previous.isEmpty() && path < previous) {
            parsed.problems << QStringLiteral("line %1 (%2) is out of order: the exporter writes the paths sorted, and it "
                                              "comes after %3")
                                   .arg(number).arg(path, previous);
        }
        previous = path;
        parsed.sums.emplace(path, m.captured(1));
    }
    if (crlf > 1) parsed.problems << QStringLiteral("%1 lines in all end in CR LF").arg(crlf);
    return parsed;
}

}  // namespace facecase
