#pragma once

#include "services/enrollment/csv_reader.h"
#include "services/enrollment/enrollment_source.h"

#include <QFile>
#include <QStringList>

#include <memory>

namespace facecase {

// The rows of a CSV manifest: a header row, then one photo per row. Columns (names matched
// ignoring case and surrounding spaces): `path` (required; relative paths resolve against the
// manifest's folder), `subject_id` and `name` (optional), and any others, kept as the
// subject's attributes (non-empty values, as JSON strings; they need a subject_id or name to
// belong to). Delimiter: ',' or, if the header uses them instead, ';' or tab.
//
// A row that cannot be used (wrong number of fields, unclosed quote, invalid UTF-8, empty
// path) becomes an input with `problem` naming the manifest line; reading goes on.
class ManifestEnrollmentSource : public EnrollmentSource {
public:
    // Reads the header: fails (naming the file) when the manifest is missing, empty, has no
    // `path` column or names a column twice.
    static Result<std::unique_ptr<ManifestEnrollmentSource>> create(const QString& manifestPath);

    QString location() const override { return m_path; }
    QJsonObject describe() const override;
    Result<QString> listSha256() const override;
    Result<void> open() override;
    Result<std::optional<EnrollmentInput>> next() override;
    Result<qint64> count(const std::atomic_bool* cancel = nullptr) override;

    const QStringList& columns() const { return m_columns; }

private:
    explicit ManifestEnrollmentSource(QString path);
    Result<void> readHeader(QFile& file, std::unique_ptr<CsvReader>& reader);
    EnrollmentInput inputFor(const CsvReader::Record& record) const;

    QString m_path;  // canonical absolute
    QString m_folder;
    QChar m_delimiter = QLatin1Char(',');
    QStringList m_columns;
    int m_pathColumn = -1;
    int m_subjectColumn = -1;
    int m_nameColumn = -1;
    QFile m_file;
    std::unique_ptr<CsvReader> m_reader;
};

}  // namespace facecase
