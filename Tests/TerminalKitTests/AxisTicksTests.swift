import Testing
import TerminalKit

@Suite struct AxisTicksTests {
    @Test func compactNumbers() {
        #expect(NumberFormat.compact(7.3612) == "7.36")
        #expect(NumberFormat.compact(12.5) == "12.5")
        #expect(NumberFormat.compact(1200) == "1.2k")
        #expect(NumberFormat.compact(12_345) == "12.3k")
        #expect(NumberFormat.compact(999.96) == "1k")
        #expect(NumberFormat.compact(2_500_000) == "2.5M")
        #expect(NumberFormat.compact(0.05) == "0.05")
        #expect(NumberFormat.compact(100) == "100")
        #expect(NumberFormat.compact(-0.125) == "-0.125")
        #expect(NumberFormat.compact(0.00012) == "1.2e-4")
        #expect(NumberFormat.compact(0) == "0")
        #expect(NumberFormat.compact(.nan) == "nan")
        #expect(NumberFormat.compact(-.infinity) == "-inf")
        #expect(NumberFormat.compact(3.14159, significantDigits: 5) == "3.1416")
        #expect(NumberFormat.compact(5e-324) == "4.94e-324")
        #expect(NumberFormat.compact(-Double.greatestFiniteMagnitude) == "-1.8e308")
    }

    @Test func linearTicksAreNiceAndInside() {
        #expect(AxisTicks.linear(0...1, maxCount: 3) == [0, 0.5, 1])
        #expect(AxisTicks.linear(0.3...9.7, maxCount: 5) == [2, 4, 6, 8])
        #expect(AxisTicks.linear(-10...10, maxCount: 5) == [-10, -5, 0, 5, 10])
        #expect(AxisTicks.linear(1...1, maxCount: 5).isEmpty)
        #expect(AxisTicks.linear(0 ... .infinity, maxCount: 5).isEmpty)
    }

    @Test func logTicksArePowersOfTen() {
        #expect(AxisTicks.logarithmic(0.01...100, maxCount: 8) == [0.01, 0.1, 1, 10, 100])
        #expect(AxisTicks.logarithmic(0.5...1e6, maxCount: 4) == [1, 100, 10_000, 1e6])
        #expect(AxisTicks.logarithmic(1.5...30, maxCount: 8) == [2, 5, 10, 20])
        #expect(AxisTicks.logarithmic(0...10, maxCount: 4).isEmpty)
    }

    @Test func labelsHaveEnoughDigits() {
        #expect(AxisTicks.labels(for: [0.01, 0.1, 1, 10, 100, 1000]) == ["0.01", "0.1", "1", "10", "100", "1k"])
        #expect(AxisTicks.labels(for: [7.3, 7.32, 7.34]) == ["7.3", "7.32", "7.34"])
        #expect(AxisTicks.labels(for: [1000, 1001, 1002]) == ["1k", "1.001k", "1.002k"])
        #expect(AxisTicks.labels(for: [0, 0.5, 1]) == ["0", "0.5", "1"])
    }
}
