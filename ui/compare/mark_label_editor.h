#pragma once

#include <QFrame>

class QLabel;
class QLineEdit;

namespace facecase::ui {

// The small inline editor that asks what a just-placed mark shows ("scar above left eyebrow"),
// floating beside the point on the photo view that is its parent. Enter with a label accepts,
// Esc cancels; the mark is only kept with its label, because an unlabelled point tells a
// reviewer nothing.
class MarkLabelEditor : public QFrame {
    Q_OBJECT

public:
    explicit MarkLabelEditor(QWidget* parent);

    // Shows the editor for mark `number` next to `viewPoint` (the parent's logical pixels),
    // kept inside the parent, and focuses the text field.
    void open(int number, const QPointF& viewPoint);
    QLineEdit* lineEdit() const { return m_edit; }

signals:
    void accepted(const QString& label);  // trimmed, not empty
    void cancelled();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void accept();

    QLabel* m_caption = nullptr;
    QLineEdit* m_edit = nullptr;
};

}  // namespace facecase::ui
