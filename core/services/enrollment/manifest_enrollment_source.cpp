#include "services/enrollment/manifest_enrollment_source.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>

namespace facecase {

ManifestEnrollmentSource::ManifestEnrollmentSource(QString path)
    : m_path(std::move(path)), m_folder(QFileInfo(m_path).absolutePath()) {}

Result<std::unique_ptr<ManifestEnrollmentSource>> ManifestEnrollmentSource::create(
    const QString& manifestPath) {
    const QFileInfo info(manifestPath);
    if (!info.exists()) {
        return Error::notFound(QStringLiteral("%1: manifest does not exist").arg(manifestPath));
    }
    if (!info.isFile()) {
        return Error::invalidInput(QStringLiteral("%1: is not a file").arg(manifestPath));
    }
    std::unique_ptr<ManifestEnrollmentSource> source(
        new ManifestEnrollmentSource(info.canonicalFilePath()));
    if (auto opened = source->open(); !opened) return opened.error();
    return source;
}

QJsonObject ManifestEnrollmentSource::describe() const {
    return QJsonObject{{QStringLiteral("mode"), QStringLiteral("manifest")},
                       {QStringLiteral("columns"), QJsonArray::fromStringList(m_columns)},
                       {QStringLiteral("delimiter"), QString(m_delimiter)}};
}

Result<QString> ManifestEnrollmentSource::listSha256() const {
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot read the manifest (%2)").arg(m_path, file.errorString()));
    }
    QCryptographicHash sha(QCryptographicHash::Sha256);
    if (!sha.addData(&file)) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot read the manifest (%2)").arg(m_path, file.errorString()));
    }
    return QString::fromLatin1(sha.result().toHex());
}

Result<void> ManifestEnrollmentSource::readHeader(QFile& file, std::unique_ptr<CsvReader>& reader) {
    file.setFileName(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot read the manifest (%2)").arg(m_path, file.errorString()));
    }
    QString firstLine = QString::fromUtf8(file.readLine(64 * 1024));
    if (firstLine.startsWith(QChar(0xFEFF))) firstLine.remove(0, 1);
    m_delimiter = CsvReader::detectDelimiter(firstLine);
    file.seek(0);
    reader = std::make_unique<CsvReader>(&file, m_delimiter);
    const auto header = reader->next();
    if (!header) {
        return Error::invalidInput(
            QStringLiteral("%1: the manifest is empty; it needs a header row with a \"path\" "
                           "column")
                .arg(m_path));
    }
    if (!header->error.isEmpty()) {
        return Error::invalidInput(
            QStringLiteral("%1: line %2: %3").arg(m_path).arg(header->line).arg(header->error));
    }
    QStringList columns;
    // Case-folded name -> first column index: one lookup per column, so a header of tens of
    // thousands of columns is checked in linear time (a pairwise check took seconds).
    QHash<QString, int> firstColumn;
    firstColumn.reserve(header->fields.size());
    m_pathColumn = m_subjectColumn = m_nameColumn = -1;
    for (int i = 0; i < header->fields.size(); ++i) {
        const QString name = header->fields[i].trimmed();
        const QString key = name.toLower();
        const QString folded = name.toCaseFolded();
        if (const auto seen = firstColumn.constFind(folded); seen != firstColumn.cend()) {
            return Error::invalidInput(
                QStringLiteral("%1: line %2: column \"%3\" appears twice (columns %4 and %5)")
                    .arg(m_path)
                    .arg(header->line)
                    .arg(name)
                    .arg(seen.value() + 1)
                    .arg(i + 1));
        }
        firstColumn.insert(folded, i);
        if (key == QLatin1String("path")) m_pathColumn = i;
        else if (key == QLatin1String("subject_id")) m_subjectColumn = i;
        else if (key == QLatin1String("name")) m_nameColumn = i;
        columns << name;
    }
    if (m_pathColumn < 0) {
        return Error::invalidInput(
            QStringLiteral("%1: line %2: no \"path\" column (columns found: %3)")
                .arg(m_path)
                .arg(header->line)
                .arg(columns.join(QStringLiteral(", "))));
    }
    m_columns = columns;
    return {};
}

Result<void> ManifestEnrollmentSource::open() {
    m_reader.reset();
    m_file.close();
    return readHeader(m_file, m_reader);
}

EnrollmentInput ManifestEnrollmentSource::inputFor(const CsvReader::Record& record) const {
    EnrollmentInput input;
    input.line = record.line;
    const QString rowKey = QStringLiteral("%1:%2").arg(m_path).arg(record.line);
    auto malformed = [&](const QString& why) {
        input.path = rowKey;
        input.problem = QStringLiteral("manifest line %1: %2").arg(record.line).arg(why);
        return input;
    };
    if (!record.error.isEmpty()) return malformed(record.error);
    if (record.fields.size() != m_columns.size()) {
        return malformed(QStringLiteral("%1 fields, the header has %2 (a field holding a comma "
                                        "must be in double quotes)")
                             .arg(record.fields.size())
                             .arg(m_columns.size()));
    }
    const QString path = record.fields[m_pathColumn].trimmed();
    if (path.isEmpty()) return malformed(QStringLiteral("the path is empty"));
    input.path = QDir::cleanPath(QDir(m_folder).absoluteFilePath(path));
    if (m_subjectColumn >= 0) input.subjectExternalId = record.fields[m_subjectColumn].trimmed();
    if (m_nameColumn >= 0) input.subjectName = record.fields[m_nameColumn].trimmed();
    for (int i = 0; i < m_columns.size(); ++i) {
        if (i == m_pathColumn || i == m_subjectColumn || i == m_nameColumn) continue;
        const QString value = record.fields[i].trimmed();
        if (!value.isEmpty()) input.subjectAttributes.insert(m_columns[i], value);
    }
    if (!input.hasSubject() && !input.subjectAttributes.isEmpty()) {
        input.note = QStringLiteral("manifest line %1: attributes ignored, the row names no "
                                    "subject_id or name")
                         .arg(record.line);
    }
    return input;
}

Result<std::optional<EnrollmentInput>> ManifestEnrollmentSource::next() {
    if (!m_reader) {
        if (auto opened = open(); !opened) return opened.error();
    }
    const auto record = m_reader->next();
    if (!record) return std::optional<EnrollmentInput>();
    return std::optional<EnrollmentInput>(inputFor(*record));
}

Result<qint64> ManifestEnrollmentSource::count(const std::atomic_bool* cancel) {
    QFile file;
    std::unique_ptr<CsvReader> reader;
    if (auto r = readHeader(file, reader); !r) return r.error();
    qint64 n = 0;
    while (reader->next()) {
        if ((++n & 1023) == 0 && cancel && cancel->load()) {
            return Error::cancelled(QStringLiteral("cancelled while counting the manifest rows"));
        }
    }
    return n;
}

}  // namespace facecase
