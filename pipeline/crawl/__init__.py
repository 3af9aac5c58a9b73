"""The crawler (`xxgk scrape`): list pages, report pages and attachments into WARC archives, politely.

It imports only the reader's decoding and errors, never the parser.
"""
