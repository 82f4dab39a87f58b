#pragma once

#include <QDateTime>
#include <QString>

namespace facecase {

// A named set of enrolled photos ("Bookings 2010-2018", "Case 42 images").
struct Gallery {
    // Real: photos of people. Synthetic: a benchmark fixture of generated descriptors
    // (`facecase-cli gallery synth`), never to be taken for people. Fixed at creation; the
    // database refuses photos in a synthetic gallery and synthetic faces in a real one.
    enum class Kind { Real, Synthetic };

    qint64 id = 0;
    QString name;
    QString description;
    QDateTime createdAt;  // UTC
    // Moves whenever the gallery's faces change (enrollment, removal), inside the transaction
    // that changes them: the search index's staleness check and the state a search records.
    // It only grows, at least by one per committed change; by how much is the backend's (SQLite:
    // one per face inserted, deleted or changed; PostgreSQL: one per transaction that changes
    // the gallery's faces, schema_v5.cpp), so compare revisions, never count with them. What
    // changed after a revision: DescriptorReader::loadChanges.
    qint64 revision = 0;
    qint64 imageCount = 0;
    qint64 faceCount = 0;
    Kind kind = Kind::Real;

    bool isSynthetic() const { return kind == Kind::Synthetic; }
    static QString kindName(Kind kind);  // "real", "synthetic": the column's values

    // The longest name the store accepts; the Galleries dialog refuses longer ones before
    // starting an enrollment, in the analyst's words.
    static constexpr int kMaxNameLength = 200;
};

}  // namespace facecase
