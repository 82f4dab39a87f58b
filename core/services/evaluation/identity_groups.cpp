#include "services/evaluation/identity_groups.h"

#include "services/enrollment/csv_reader.h"

#include <QFile>

namespace facecase {

Result<QHash<QString, QString>> IdentityGroups::read(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::notFound(QStringLiteral("%1: cannot open: %2").arg(path, file.errorString()));
    const QChar delimiter = CsvReader::detectDelimiter(QString::fromUtf8(file.readLine()));
    file.seek(0);
    CsvReader reader(&file, delimiter);
    QHash<QString, QString> groups;
    bool first = true;
    while (auto record = reader.next()) {
        const auto fail = [&](const QString& why) {
            return Error::invalidInput(QStringLiteral("%1:%2: %3").arg(path).arg(record->line).arg(why));
        };
        if (!record->error.isEmpty()) return fail(record->error);
        QStringList fields = record->fields;
        for (QString& f : fields) f = f.trimmed();
        const bool header = first && fields.size() == 2 &&
                            fields[0].compare(QStringLiteral("identity"), Qt::CaseInsensitive) == 0 &&
                            fields[1].compare(QStringLiteral("group"), Qt::CaseInsensitive) == 0;
        first = false;
        if (header) continue;
        if (fields.size() != 2)
            return fail(QStringLiteral("expected 2 fields (identity,group), found %1").arg(fields.size()));
        if (fields[0].isEmpty() || fields[1].isEmpty())
            return fail(QStringLiteral("empty identity or group"));
        const auto known = groups.constFind(fields[0]);
        if (known != groups.constEnd() && *known != fields[1])
            return fail(QStringLiteral("identity %1 is already in group %2, not %3")
                            .arg(fields[0], *known, fields[1]));
        groups.insert(fields[0], fields[1]);
    }
    if (groups.isEmpty()) return Error::invalidInput(QStringLiteral("%1: no identity,group rows").arg(path));
    return groups;
}

}  // namespace facecase
