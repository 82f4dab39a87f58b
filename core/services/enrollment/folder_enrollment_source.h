#pragma once

#include "services/enrollment/enrollment_source.h"

#include <QDirIterator>
#include <QRegularExpression>

#include <memory>

namespace facecase {

// Every file under a folder, recursively (hidden files and folders skipped, symbolic links to
// folders not followed, so a link loop cannot trap it). Files that are not images are inputs
// too: the enrollment reports them with the loader's reason.
//
// The subject of a file: the first-level sub-folder it is in (DIR/<subject>/.../photo.jpg; files
// directly in DIR have none), or the first capture group of a pattern matched against the file
// name, or none.
class FolderEnrollmentSource : public EnrollmentSource {
public:
    enum class SubjectRule { None, Folder, FileNamePattern };

    // `pattern` is used with SubjectRule::FileNamePattern and needs a capture group.
    static Result<std::unique_ptr<FolderEnrollmentSource>> create(const QString& folder,
                                                                  SubjectRule rule,
                                                                  const QString& pattern = {});

    QString location() const override { return m_root; }
    QJsonObject describe() const override;
    Result<void> open() override;
    Result<std::optional<EnrollmentInput>> next() override;
    Result<qint64> count(const std::atomic_bool* cancel = nullptr) override;
    void excludeFolder(const QString& folder) override;

    static QString ruleName(SubjectRule rule);  // "none", "folder", "filename-pattern"

private:
    FolderEnrollmentSource(QString root, SubjectRule rule, QRegularExpression pattern);
    std::unique_ptr<QDirIterator> makeIterator() const;
    // The next file of `iterator` that is not under an excluded folder; empty at the end.
    QString nextPath(QDirIterator& iterator) const;
    EnrollmentInput inputFor(const QString& path) const;

    QString m_root;  // canonical absolute
    SubjectRule m_rule;
    QRegularExpression m_pattern;
    QStringList m_excluded;  // canonical folders, each with a trailing '/'
    std::unique_ptr<QDirIterator> m_iterator;
};

}  // namespace facecase
