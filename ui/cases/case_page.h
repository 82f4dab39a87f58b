#pragma once

#include <QWidget>

#include "store/case_record.h"

class QLabel;
class QToolButton;
class QVBoxLayout;

namespace facecase::ui {

// The open case: a header strip (case number, title, purpose / legal basis, status and "Back to
// cases") above the case's work area. The work area is whatever widget setContent() is given —
// for now the detection view; the case page proper (probes, searches, candidates) replaces it
// without the shell changing.
class CasePage : public QWidget {
    Q_OBJECT

public:
    explicit CasePage(QWidget* parent = nullptr);

    // Takes ownership; the previous content is deleted.
    void setContent(QWidget* content);
    QWidget* content() const { return m_content; }

    void setCase(const CaseRecord& record);
    const CaseRecord& caseRecord() const { return m_case; }

    QString headerText() const;  // number, title and purpose as shown, for tests and a11y
    QToolButton* backButton() const { return m_back; }

signals:
    void backRequested();

private:
    CaseRecord m_case;
    QLabel* m_number = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_purpose = nullptr;
    QToolButton* m_back = nullptr;
    QVBoxLayout* m_layout = nullptr;
    QWidget* m_content = nullptr;
};

}  // namespace facecase::ui
