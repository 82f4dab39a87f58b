#pragma once

#include <QWidget>

#include "candidates/candidate_row.h"

class QTreeWidget;
class QTreeWidgetItem;

namespace facecase::ui {

// Everything the workspace records about where a candidate's face came from, as field / value
// rows grouped by subject, photo, enrollment, face and search: what an analyst weighs before
// calling a candidate a lead, and what a reviewer asks for later. Values are selectable and
// copyable (Ctrl+C copies the selected rows as "field: value" lines).
class ProvenancePanel : public QWidget {
    Q_OBJECT

public:
    explicit ProvenancePanel(QWidget* parent = nullptr);

    void setCandidate(const CandidateRow& row);
    // The photo's state as just read: "verified: matches the record", "missing", … .
    void setFileCheck(const QString& text, bool ok);
    void clear();

    // The value shown for a field label (first match, e.g. "SHA-256"); empty when absent.
    QString value(const QString& field) const;
    QTreeWidget* tree() const { return m_tree; }

private:
    void copySelection() const;

    QTreeWidgetItem* group(const QString& title);
    QTreeWidgetItem* addRow(QTreeWidgetItem* group, const QString& field, const QString& value,
                            const QString& toolTip = {});

    QTreeWidget* m_tree = nullptr;
    QTreeWidgetItem* m_fileCheck = nullptr;
};

}  // namespace facecase::ui
