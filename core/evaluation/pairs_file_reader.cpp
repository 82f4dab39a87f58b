#include "evaluation/pairs_file_reader.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace facecase {

namespace {
struct LineCursor {
    QList<QByteArray> lines;
    int next = 0;
    bool atEnd() const { return next >= lines.size(); }
};

QStringList fieldsOf(const QByteArray& line) {
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    return QString::fromUtf8(line).trimmed().split(whitespace, Qt::SkipEmptyParts);
}

Result<VerificationPair> parsePair(const QStringList& f, bool same, const QString& name, int lineNo) {
    bool ok1 = false, ok2 = false;
    VerificationPair p;
    p.samePerson = same;
    if (same && f.size() == 3) {
        p.nameA = p.nameB = f[0];
        p.imageA = f[1].toInt(&ok1);
        p.imageB = f[2].toInt(&ok2);
    } else if (!same && f.size() == 4) {
        p.nameA = f[0];
        p.imageA = f[1].toInt(&ok1);
        p.nameB = f[2];
        p.imageB = f[3].toInt(&ok2);
    }
    if (!ok1 || !ok2 || p.imageA < 1 || p.imageB < 1) {
        return Error::invalidInput(
            QStringLiteral("%1 line %2: expected a %3 pair (\"%4\"), found \"%5\"")
                .arg(name).arg(lineNo)
                .arg(same ? QStringLiteral("same-person") : QStringLiteral("different-person"),
                     same ? QStringLiteral("name i j") : QStringLiteral("name1 i name2 j"),
                     f.join(QLatin1Char(' '))));
    }
    return p;
}
}  // namespace

Result<std::vector<VerificationPair>> PairsFileReader::read(const QString& path, int folds) {
    QFile file(path);
    if (!file.exists()) return Error::notFound(QStringLiteral("%1: pairs file not found").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalidInput(QStringLiteral("%1: cannot read (%2)").arg(path, file.errorString()));
    return parse(file.readAll(), path, folds);
}

Result<std::vector<VerificationPair>> PairsFileReader::parse(const QByteArray& text,
                                                             const QString& name, int folds) {
    if (folds < 2) return Error::invalidInput(QStringLiteral("need at least 2 folds"));
    QList<QByteArray> lines = text.split('\n');
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty()) lines.removeLast();
    if (lines.isEmpty()) return Error::invalidInput(QStringLiteral("%1: empty pairs file").arg(name));

    const QStringList header = fieldsOf(lines.first());
    bool okA = false, okB = false;
    int blocks = 1, perClass = 0;
    bool fileHasFolds = false;
    if (header.size() == 1) {
        perClass = header[0].toInt(&okA);
        okB = true;
    } else if (header.size() == 2) {
        blocks = header[0].toInt(&okA);
        perClass = header[1].toInt(&okB);
        fileHasFolds = true;
    }
    if (!okA || !okB || blocks < 1 || perClass < 1)
        return Error::invalidInput(QStringLiteral("%1 line 1: expected a header \"N\" (View 1) or "
                                                  "\"folds N\" (View 2), found \"%2\"")
                                       .arg(name, QString::fromUtf8(lines.first().trimmed())));
    const qsizetype expected = 1 + qsizetype(blocks) * 2 * perClass;
    if (lines.size() != expected)
        return Error::invalidInput(QStringLiteral("%1: header promises %2 pair lines, file has %3")
                                       .arg(name).arg(expected - 1).arg(lines.size() - 1));

    std::vector<VerificationPair> pairs;
    pairs.reserve(std::size_t(expected - 1));
    int lineIndex = 1;
    for (int block = 0; block < blocks; ++block) {
        for (int cls = 0; cls < 2; ++cls) {
            const bool same = cls == 0;
            for (int i = 0; i < perClass; ++i, ++lineIndex) {
                auto pair = parsePair(fieldsOf(lines[lineIndex]), same, name, lineIndex + 1);
                if (!pair) return pair.error();
                pair->fold = fileHasFolds ? block : i % folds;
                pairs.push_back(std::move(pair.value()));
            }
        }
    }
    return pairs;
}

QString PairsFileReader::lfwImagePath(const QString& root, const QString& name, int number) {
    return QDir(root).filePath(QStringLiteral("%1/%1_%2.jpg").arg(name).arg(number, 4, 10, QLatin1Char('0')));
}

}  // namespace facecase
