import Testing
import TerminalKit

@Suite struct LayoutTests {
    let parent = Rect(x: 2, y: 3, width: 80, height: 24)

    @Test func verticalFixedAndFill() {
        let rects = Layout.vertical([.length(1), .fill(1), .length(2)]).split(parent)
        #expect(rects == [
            Rect(x: 2, y: 3, width: 80, height: 1),
            Rect(x: 2, y: 4, width: 80, height: 21),
            Rect(x: 2, y: 25, width: 80, height: 2),
        ])
    }

    @Test func horizontalPercentagesAndWeights() {
        let rects = Layout.horizontal([.percentage(25), .fill(1), .fill(3)]).split(parent)
        #expect(rects.map(\.width) == [20, 15, 45])
        #expect(rects.map(\.x) == [2, 22, 37])
        #expect(rects.allSatisfy { $0.y == 3 && $0.height == 24 })
    }

    @Test func minTakesItsLengthAndShares() {
        let sizes = Layout.horizontal([.min(30), .fill(1)]).split(Rect(x: 0, y: 0, width: 40, height: 1)).map(\.width)
        #expect(sizes == [35, 5])
        let tight = Layout.horizontal([.min(30), .fill(1)]).split(Rect(x: 0, y: 0, width: 20, height: 1)).map(\.width)
        #expect(tight == [20, 0])
    }

    @Test func spacingLeavesGaps() {
        let rects = Layout.horizontal([.length(3), .length(3), .fill(1)], spacing: 1)
            .split(Rect(x: 0, y: 0, width: 12, height: 1))
        #expect(rects.map(\.x) == [0, 4, 8])
        #expect(rects.map(\.width) == [3, 3, 4])
    }

    @Test func overConstrainedServesEarlierFirst() {
        let rects = Layout.vertical([.length(10), .length(10), .percentage(50)]).split(Rect(x: 0, y: 0, width: 5, height: 15))
        #expect(rects.map(\.height) == [10, 5, 0])
        #expect(rects[2].y == 15)
    }

    @Test func rectsStayInsideParentForAnySize() {
        let constraints: [[Layout.Constraint]] = [
            [.length(5), .percentage(40), .min(3), .fill(2)],
            [.length(-4), .percentage(150), .fill(0)],
            [.fill(1)], [],
        ]
        for width in [0, 1, 2, 7, 80] {
            let area = Rect(x: -1, y: 4, width: width, height: width / 2)
            for list in constraints {
                for layout in [Layout.vertical(list, spacing: 2), Layout.horizontal(list)] {
                    let rects = layout.split(area)
                    #expect(rects.count == list.count)
                    for r in rects {
                        #expect(r.width >= 0 && r.height >= 0)
                        #expect(r.x >= area.x && r.maxX <= area.maxX && r.y >= area.y && r.maxY <= area.maxY)
                    }
                    for (a, b) in zip(rects, rects.dropFirst()) {
                        #expect(layout.direction == .vertical ? a.maxY <= b.y : a.maxX <= b.x)
                    }
                }
            }
        }
    }

    @Test func centeredRect() {
        #expect(parent.centered(width: 20, height: 4) == Rect(x: 32, y: 13, width: 20, height: 4))
        #expect(parent.centered(width: 200, height: 100) == parent)
    }
}
