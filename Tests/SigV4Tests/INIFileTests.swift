import Testing
import SigV4

@Suite struct INIFileTests {
    @Test func sectionsKeysCommentsAndWhitespace() {
        let file = INIFile(parsing: """
            orphan = ignored
            # comment
              ; indented comment
            [default]   # trailing comment
            \tAWS_Access_Key_ID   =   AKID  
            secret=a#b;c
            region = us-west-2 # Oregon
            tab = x\t; comment

            [ profile dev ]
            s3 =
              max_concurrent_requests = 10
              region = eu-west-1
            region = eu-central-1
            no equals sign here
            [default]
            extra = merged\r
            """)
        #expect(file.sections.map(\.name) == ["default", "profile dev"])
        #expect(file[section: "default"] == ["aws_access_key_id": "AKID", "secret": "a#b;c", "region": "us-west-2",
                                             "tab": "x", "extra": "merged"])
        #expect(file[section: "profile dev"] == ["s3": "", "s3.max_concurrent_requests": "10", "s3.region": "eu-west-1",
                                                 "region": "eu-central-1"])
        #expect(file[section: "missing"] == nil)
    }

    @Test func emptyFile() {
        #expect(INIFile(parsing: "").sections.isEmpty)
    }
}
