/// An envelope item whose content does not matter (error responses, calls answered by status).
struct SpotIgnoredItem: Decodable {
    init(from decoder: any Decoder) throws {}
}
