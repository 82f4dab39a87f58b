#include "services/enrollment/folder_enrollment_source.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace facecase {

Result<std::unique_ptr<FolderEnrollmentSource>> FolderEnrollmentSource::create(
    const QString& folder, SubjectRule rule, const QString& pattern) {
    const QFileInfo info(folder);
    if (!info.exists()) {
        return Error::notFound(QStringLiteral("%1: folder does not exist").arg(folder));
    }
    if (!info.isDir()) {
        return Error::invalidInput(QStringLiteral("%1: is a file, not a folder").arg(folder));
    }
    if (!info.isReadable() || !info.isExecutable()) {
        return Error::invalidInput(
            QStringLiteral("%1: the folder cannot be read; check its permissions").arg(folder));
    }
    QRegularExpression regex;
    if (rule == SubjectRule::FileNamePattern) {
        regex.setPattern(pattern);
        if (!regex.isValid()) {
            return Error::invalidInput(QStringLiteral("subject pattern \"%1\" is not a valid regular "
                                                      "expression: %2 (at offset %3)")
                                           .arg(pattern, regex.errorString())
                                           .arg(regex.patternErrorOffset()));
        }
        if (regex.captureCount() < 1) {
            return Error::invalidInput(
                QStringLiteral("subject pattern \"%1\" has no capture group: put the part of the "
                               "file name that names the subject in parentheses, e.g. "
                               "\"^([0-9]+)_\"")
                    .arg(pattern));
        }
        regex.optimize();
    }
    return std::unique_ptr<FolderEnrollmentSource>(
        new FolderEnrollmentSource(info.canonicalFilePath(), rule, std::move(regex)));
}

FolderEnrollmentSource::FolderEnrollmentSource(QString root, SubjectRule rule,
                                               QRegularExpression pattern)
    : m_root(std::move(root)), m_rule(rule), m_pattern(std::move(pattern)) {}

QString FolderEnrollmentSource::ruleName(SubjectRule rule) {
    switch (rule) {
        case SubjectRule::None: return QStringLiteral("none");
        case SubjectRule::Folder: return QStringLiteral("folder");
        case SubjectRule::FileNamePattern: return QStringLiteral("filename-pattern");
    }
    return QStringLiteral("none");
}

QJsonObject FolderEnrollmentSource::describe() const {
    QJsonObject object{{QStringLiteral("mode"), QStringLiteral("folder")},
                       {QStringLiteral("subject_from"), ruleName(m_rule)}};
    if (m_rule == SubjectRule::FileNamePattern) {
        object.insert(QStringLiteral("subject_pattern"), m_pattern.pattern());
    }
    return object;
}

std::unique_ptr<QDirIterator> FolderEnrollmentSource::makeIterator() const {
    // System: broken links, pipes and devices are reported (as unreadable), not silently
    // skipped. No Hidden: .DS_Store, .git and friends are not photos anybody enrolls.
    return std::make_unique<QDirIterator>(m_root, QDir::Files | QDir::System,
                                          QDirIterator::Subdirectories);
}

Result<void> FolderEnrollmentSource::open() {
    if (!QFileInfo(m_root).isDir()) {
        return Error::notFound(QStringLiteral("%1: folder no longer exists").arg(m_root));
    }
    m_iterator = makeIterator();
    return {};
}

EnrollmentInput FolderEnrollmentSource::inputFor(const QString& path) const {
    EnrollmentInput input;
    input.path = QDir::cleanPath(path);
    switch (m_rule) {
        case SubjectRule::None: break;
        case SubjectRule::Folder: {
            const QString relative = QDir(m_root).relativeFilePath(input.path);
            const qsizetype slash = relative.indexOf(QLatin1Char('/'));
            if (slash > 0) {
                input.subjectExternalId = relative.left(slash);
                input.subjectName = input.subjectExternalId;
            } else {
                input.note = QStringLiteral("no subject: the file is not in a sub-folder");
            }
            break;
        }
        case SubjectRule::FileNamePattern: {
            const QString name = QFileInfo(input.path).fileName();
            const QRegularExpressionMatch match = m_pattern.match(name);
            const QString captured = match.hasMatch() ? match.captured(1).trimmed() : QString();
            if (!captured.isEmpty()) {
                input.subjectExternalId = captured;
                input.subjectName = captured;
            } else {
                input.note = QStringLiteral("no subject: the file name does not match the subject "
                                            "pattern");
            }
            break;
        }
    }
    return input;
}

void FolderEnrollmentSource::excludeFolder(const QString& folder) {
    const QString canonical = QFileInfo(folder).canonicalFilePath();
    if (!canonical.isEmpty()) m_excluded << canonical + QLatin1Char('/');
}

QString FolderEnrollmentSource::nextPath(QDirIterator& iterator) const {
    while (iterator.hasNext()) {
        QString path = iterator.next();
        const bool excluded = std::any_of(m_excluded.begin(), m_excluded.end(),
                                          [&path](const QString& folder) { return path.startsWith(folder); });
        if (!excluded) return path;
    }
    return {};
}

Result<std::optional<EnrollmentInput>> FolderEnrollmentSource::next() {
    if (!m_iterator) {
        if (auto opened = open(); !opened) return opened.error();
    }
    const QString path = nextPath(*m_iterator);
    if (path.isEmpty()) return std::optional<EnrollmentInput>();
    return std::optional<EnrollmentInput>(inputFor(path));
}

Result<qint64> FolderEnrollmentSource::count(const std::atomic_bool* cancel) {
    if (!QFileInfo(m_root).isDir()) {
        return Error::notFound(QStringLiteral("%1: folder no longer exists").arg(m_root));
    }
    auto iterator = makeIterator();
    qint64 n = 0;
    while (!nextPath(*iterator).isEmpty()) {
        if ((++n & 1023) == 0 && cancel && cancel->load()) {
            return Error::cancelled(QStringLiteral("cancelled while counting the files"));
        }
    }
    return n;
}

}  // namespace facecase
